import type { AccountTokenFields } from './records.js';

const TOKEN_FIELDS = [
  'accessToken',
  'refreshToken',
  'idToken',
  'accessTokenExpiresAt',
  'refreshTokenExpiresAt',
  'scope',
  'tokenType',
] as const satisfies readonly (keyof AccountTokenFields)[];

/**
 * The null-preserving update rule every repository applies to the seven token fields (spec
 * §10.1): only non-null values are written, null means "keep the stored value". A fresh code
 * exchange that omits the refresh token must not wipe the stored one, or the account could never
 * be refreshed again. Use it in your own repository's `updateAccountTokens`/`upsertAccount`.
 */
export function tokenFieldsToWrite(tokens: AccountTokenFields): Partial<AccountTokenFields> {
  const update: Partial<Record<keyof AccountTokenFields, unknown>> = {};
  for (const field of TOKEN_FIELDS) {
    const value = tokens[field];
    if (value !== null && value !== undefined) update[field] = value;
  }
  return update as Partial<AccountTokenFields>;
}
