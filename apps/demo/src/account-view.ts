import type { IndividualRecord, OAuthLinkedAccount } from '@belgie/nestjs-oauth';

/** What the demo shows of a linked account: metadata only, never a token string. */
export interface AccountView {
  provider: string;
  providerAccountId: string;
  scope: string | null;
  accessTokenExpiresAt: string | null;
  refreshTokenExpiresAt: string | null;
  tokenType: string | null;
  hasRefreshToken: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface IndividualView {
  id: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  image: string | null;
}

export function toAccountView(account: OAuthLinkedAccount): AccountView {
  return {
    provider: account.provider,
    providerAccountId: account.providerAccountId,
    scope: account.scope,
    accessTokenExpiresAt: account.accessTokenExpiresAt?.toISOString() ?? null,
    refreshTokenExpiresAt: account.refreshTokenExpiresAt?.toISOString() ?? null,
    tokenType: account.tokenType,
    hasRefreshToken: account.refreshToken !== null,
    createdAt: account.createdAt.toISOString(),
    updatedAt: account.updatedAt.toISOString(),
  };
}

export function toIndividualView(individual: IndividualRecord): IndividualView {
  return {
    id: individual.id,
    email: individual.email,
    emailVerified: individual.emailVerifiedAt !== null,
    name: individual.name,
    image: individual.image,
  };
}
