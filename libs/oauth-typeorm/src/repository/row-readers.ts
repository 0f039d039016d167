import type {
  AccountRecord,
  IndividualRecord,
  SessionRecord,
  StateIntent,
  StateRecord,
} from '@belgie/nestjs-oauth';
import type { RawRow } from '../sql/raw-query.js';
import {
  booleanFromRaw,
  dateFromRaw,
  nullableDateFromRaw,
  nullableStringFromRaw,
  stringFromRaw,
} from '../sql/sql-dialect.js';

/** Raw rows (column names, driver-native values) -> plain records. Every Date is a fresh instance. */

function parseScopes(text: string): string[] {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
}

export function individualFromRow(row: RawRow): IndividualRecord {
  return {
    id: stringFromRaw(row['id']),
    email: nullableStringFromRaw(row['email']),
    emailVerifiedAt: nullableDateFromRaw(row['email_verified_at']),
    name: nullableStringFromRaw(row['name']),
    image: nullableStringFromRaw(row['image']),
    scopes: parseScopes(stringFromRaw(row['scopes'])),
    createdAt: dateFromRaw(row['created_at']),
    updatedAt: dateFromRaw(row['updated_at']),
  };
}

export function sessionFromRow(row: RawRow): SessionRecord {
  return {
    id: stringFromRaw(row['id']),
    tokenHash: stringFromRaw(row['token_hash']),
    individualId: stringFromRaw(row['individual_id']),
    expiresAt: dateFromRaw(row['expires_at']),
    ipAddress: nullableStringFromRaw(row['ip_address']),
    userAgent: nullableStringFromRaw(row['user_agent']),
    createdAt: dateFromRaw(row['created_at']),
    updatedAt: dateFromRaw(row['updated_at']),
  };
}

export function accountFromRow(row: RawRow): AccountRecord {
  return {
    id: stringFromRaw(row['id']),
    individualId: stringFromRaw(row['individual_id']),
    provider: stringFromRaw(row['provider']),
    providerAccountId: stringFromRaw(row['provider_account_id']),
    accessToken: nullableStringFromRaw(row['access_token']),
    refreshToken: nullableStringFromRaw(row['refresh_token']),
    idToken: nullableStringFromRaw(row['id_token']),
    accessTokenExpiresAt: nullableDateFromRaw(row['access_token_expires_at']),
    refreshTokenExpiresAt: nullableDateFromRaw(row['refresh_token_expires_at']),
    scope: nullableStringFromRaw(row['scope']),
    tokenType: nullableStringFromRaw(row['token_type']),
    createdAt: dateFromRaw(row['created_at']),
    updatedAt: dateFromRaw(row['updated_at']),
  };
}

/** The columns of one table out of a joined row whose columns are aliased `<alias>__<column>`. */
export function aliasedPart(row: RawRow, alias: string): RawRow {
  const prefix = `${alias}__`;
  return Object.fromEntries(
    Object.entries(row)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
}

function intentFromRaw(value: unknown): StateIntent {
  if (value === 'signin' || value === 'link') return value;
  throw new Error('unexpected state intent in database row');
}

export function stateFromRow(row: RawRow): StateRecord {
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
