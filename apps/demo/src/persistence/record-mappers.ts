import { tokenFieldsToWrite } from '@belgie/nestjs-oauth';
import type {
  AccountRecord,
  AccountTokenFields,
  IndividualRecord,
  SessionRecord,
  StateIntent,
  StateRecord,
} from '@belgie/nestjs-oauth';
import type { IndividualEntity } from './entities/individual.entity.js';
import type { OAuthAccountEntity } from './entities/oauth-account.entity.js';
import type { OAuthStateEntity } from './entities/oauth-state.entity.js';
import type { SessionEntity } from './entities/session.entity.js';
import {
  booleanFromRaw,
  dateFromRaw,
  nullableStringFromRaw,
  stringFromRaw,
} from './sql-dialect.js';

/** Entities <-> plain records. Records never share Date instances with entities. */

function copyDate(value: Date): Date {
  return new Date(value.getTime());
}

function copyNullableDate(value: Date | null): Date | null {
  return value === null ? null : copyDate(value);
}

function parseScopes(text: string): string[] {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
}

export function toIndividualRecord(entity: IndividualEntity): IndividualRecord {
  return {
    id: entity.id,
    email: entity.email,
    emailVerifiedAt: copyNullableDate(entity.emailVerifiedAt),
    name: entity.name,
    image: entity.image,
    scopes: parseScopes(entity.scopes),
    createdAt: copyDate(entity.createdAt),
    updatedAt: copyDate(entity.updatedAt),
  };
}

export function toSessionRecord(entity: SessionEntity): SessionRecord {
  return {
    id: entity.id,
    tokenHash: entity.tokenHash,
    individualId: entity.individualId,
    expiresAt: copyDate(entity.expiresAt),
    ipAddress: entity.ipAddress,
    userAgent: entity.userAgent,
    createdAt: copyDate(entity.createdAt),
    updatedAt: copyDate(entity.updatedAt),
  };
}

export function toAccountRecord(entity: OAuthAccountEntity): AccountRecord {
  return {
    id: entity.id,
    individualId: entity.individualId,
    provider: entity.provider,
    providerAccountId: entity.providerAccountId,
    accessToken: entity.accessToken,
    refreshToken: entity.refreshToken,
    idToken: entity.idToken,
    accessTokenExpiresAt: copyNullableDate(entity.accessTokenExpiresAt),
    refreshTokenExpiresAt: copyNullableDate(entity.refreshTokenExpiresAt),
    scope: entity.scope,
    tokenType: entity.tokenType,
    createdAt: copyDate(entity.createdAt),
    updatedAt: copyDate(entity.updatedAt),
  };
}

/** The seven token columns of an account row. */
export type TokenColumns = Pick<
  OAuthAccountEntity,
  'accessToken' | 'refreshToken' | 'idToken' | 'accessTokenExpiresAt' | 'refreshTokenExpiresAt' | 'scope' | 'tokenType'
>;

/** All seven token fields, `undefined` read as null (callers may pass a wider or partial object). */
export function allTokenFields(tokens: AccountTokenFields): TokenColumns {
  return {
    accessToken: tokens.accessToken ?? null,
    refreshToken: tokens.refreshToken ?? null,
    idToken: tokens.idToken ?? null,
    accessTokenExpiresAt: tokens.accessTokenExpiresAt ?? null,
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt ?? null,
    scope: tokens.scope ?? null,
    tokenType: tokens.tokenType ?? null,
  };
}

/** Only the non-null token fields: the library's null-preserving rule (spec §10.1). */
export function nonNullTokenFields(tokens: AccountTokenFields): Partial<TokenColumns> {
  return tokenFieldsToWrite(allTokenFields(tokens)) as Partial<TokenColumns>;
}

export function toStateEntityFields(state: StateRecord): OAuthStateEntity {
  return {
    state: state.state,
    provider: state.provider,
    individualId: state.individualId ?? null,
    codeVerifier: state.codeVerifier ?? null,
    nonce: state.nonce ?? null,
    intent: state.intent,
    redirectUrl: state.redirectUrl ?? null,
    errorRedirectUrl: state.errorRedirectUrl ?? null,
    newUserRedirectUrl: state.newUserRedirectUrl ?? null,
    // JSON like the reference's JSON column: undefined becomes null.
    payload: JSON.stringify(state.payload) ?? 'null',
    requestSignUp: state.requestSignUp,
    createdAt: copyDate(state.createdAt),
    expiresAt: copyDate(state.expiresAt),
  };
}

function intentFromRaw(value: unknown): StateIntent {
  if (value === 'signin' || value === 'link') return value;
  throw new Error('unexpected state intent in database row');
}

/** A row returned by raw `DELETE ... RETURNING *` (column names, driver-native values). */
export function stateFromRawRow(row: Record<string, unknown>): StateRecord {
  return {
    state: stringFromRaw(row['state']),
    provider: stringFromRaw(row['provider']),
    individualId: nullableStringFromRaw(row['individual_id']),
    codeVerifier: nullableStringFromRaw(row['code_verifier']),
    nonce: nullableStringFromRaw(row['nonce']),
    intent: intentFromRaw(row['intent']),
    redirectUrl: nullableStringFromRaw(row['redirect_url']),
    errorRedirectUrl: nullableStringFromRaw(row['error_redirect_url']),
    newUserRedirectUrl: nullableStringFromRaw(row['new_user_redirect_url']),
    payload: JSON.parse(stringFromRaw(row['payload'])) as unknown,
    requestSignUp: booleanFromRaw(row['request_sign_up']),
    createdAt: dateFromRaw(row['created_at']),
    expiresAt: dateFromRaw(row['expires_at']),
  };
}
