import { OAuthError } from '../errors/oauth-error.js';
import type { OAuthLinkedAccount } from '../flow/accounts/linked-account.js';
import type { OAuthUserInfo } from '../providers/user-info.js';
import type { IndividualRecord } from '../persistence/records.js';
import type { OAuthTokenSet } from '../transport/token-set.js';

/** JSON shapes of the provider routes (spec §4.3–4.9, camelCase, ISO-8601 date-times). */
export interface IndividualResponse {
  id: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  image: string | null;
  scopes: string[];
  createdAt: string;
  updatedAt: string;
}

/** A linked account as listed: which tokens exist, never the tokens themselves. */
export interface AccountResponse {
  id: string;
  individualId: string;
  provider: string;
  providerAccountId: string;
  accessTokenExpiresAt: string | null;
  refreshTokenExpiresAt: string | null;
  tokenType: string | null;
  scope: string | null;
  hasAccessToken: boolean;
  hasRefreshToken: boolean;
  hasIdToken: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface TokenResponse {
  provider: string;
  providerAccountId: string;
  accessToken: string;
  tokenType: string | null;
  scope: string | null;
  accessTokenExpiresAt: string | null;
  idToken: string | null;
}

export interface RefreshTokenResponse extends TokenResponse {
  refreshToken: string | null;
  refreshTokenExpiresAt: string | null;
}

/** The mapped profile as the account-info route sends it (the linking hint stays server-side). */
export type UserInfoResponse = Omit<OAuthUserInfo, 'allowImplicitLinking'>;

export interface AccountInfoResponse {
  provider: string;
  providerAccountId: string;
  user: UserInfoResponse;
}

export interface IdTokenSignInResponse {
  redirect: false;
  token: string;
  individual: IndividualResponse;
}

export interface StatusResponse {
  status: boolean;
  redirect: false;
}

export interface NonceResponse {
  nonce: string;
  /** ISO 8601. */
  expiresAt: string;
}

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

export function serializeIndividual(individual: IndividualRecord): IndividualResponse {
  return {
    id: individual.id,
    email: individual.email,
    emailVerified: individual.emailVerifiedAt !== null,
    name: individual.name,
    image: individual.image,
    scopes: [...individual.scopes],
    createdAt: individual.createdAt.toISOString(),
    updatedAt: individual.updatedAt.toISOString(),
  };
}

/** Spec §4.5: the listing is shown to the browser, so tokens are reduced to presence flags. */
export function serializeAccount(account: OAuthLinkedAccount): AccountResponse {
  return {
    id: account.id,
    individualId: account.individualId,
    provider: account.provider,
    providerAccountId: account.providerAccountId,
    accessTokenExpiresAt: iso(account.accessTokenExpiresAt),
    refreshTokenExpiresAt: iso(account.refreshTokenExpiresAt),
    tokenType: account.tokenType,
    scope: account.scope,
    hasAccessToken: account.accessToken !== null,
    hasRefreshToken: account.refreshToken !== null,
    hasIdToken: account.idToken !== null,
    createdAt: account.createdAt.toISOString(),
    updatedAt: account.updatedAt.toISOString(),
  };
}

/** Spec §4.7 (serializer guard: `token_set is missing access_token`). */
export function serializeTokenSet(provider: string, providerAccountId: string, tokens: OAuthTokenSet): TokenResponse {
  if (!tokens.accessToken) throw new OAuthError('access_token_missing', 'token_set is missing access_token');
  return {
    provider,
    providerAccountId,
    accessToken: tokens.accessToken,
    tokenType: tokens.tokenType,
    scope: tokens.scope,
    accessTokenExpiresAt: iso(tokens.accessTokenExpiresAt),
    idToken: tokens.idToken,
  };
}

/** Spec §4.8 (serializer guard: `account is missing access_token`). */
export function serializeRefreshedAccount(account: OAuthLinkedAccount): RefreshTokenResponse {
  if (!account.accessToken) throw new OAuthError('access_token_missing', 'account is missing access_token');
  return {
    provider: account.provider,
    providerAccountId: account.providerAccountId,
    accessToken: account.accessToken,
    tokenType: account.tokenType,
    scope: account.scope,
    accessTokenExpiresAt: iso(account.accessTokenExpiresAt),
    idToken: account.idToken,
    refreshToken: account.refreshToken,
    refreshTokenExpiresAt: iso(account.refreshTokenExpiresAt),
  };
}

export function serializeAccountInfo(provider: string, providerAccountId: string, user: OAuthUserInfo): AccountInfoResponse {
  return {
    provider,
    providerAccountId,
    user: {
      providerAccountId: user.providerAccountId,
      email: user.email,
      emailVerified: user.emailVerified,
      name: user.name,
      image: user.image,
      raw: { ...user.raw },
    },
  };
}
