import type { AccountTokenFields, StateRecord } from '@belgie/nestjs-oauth';
import type { SqlDialect } from '../sql/sql-dialect.js';

/** Records -> statement parameters, in the column order of sql-statements.ts. */

/** The seven token values in `TOKEN_COLUMNS` order, `undefined` read as null (null = keep stored). */
export function tokenValues(tokens: AccountTokenFields, dialect: SqlDialect): unknown[] {
  const date = (value: Date | null | undefined): Date | string | null =>
    value === null || value === undefined ? null : dialect.date(value);
  return [
    tokens.accessToken ?? null,
    tokens.refreshToken ?? null,
    tokens.idToken ?? null,
    date(tokens.accessTokenExpiresAt),
    date(tokens.refreshTokenExpiresAt),
    tokens.scope ?? null,
    tokens.tokenType ?? null,
  ];
}

/** The parameters of `insertState` (STATE_COLUMNS order). */
export function stateParameters(state: StateRecord, dialect: SqlDialect): unknown[] {
  return [
    state.state,
    state.provider,
    state.individualId ?? null,
    state.codeVerifier ?? null,
    state.nonce ?? null,
    state.intent,
    state.redirectUrl ?? null,
    state.errorRedirectUrl ?? null,
    state.newUserRedirectUrl ?? null,
    // JSON like the reference's JSON column: undefined becomes null.
    JSON.stringify(state.payload) ?? 'null',
    dialect.boolean(state.requestSignUp),
    dialect.date(state.createdAt),
    dialect.date(state.expiresAt),
  ];
}
