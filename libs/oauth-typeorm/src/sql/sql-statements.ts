import { oauthTableNames, type OAuthTableNames } from '../schema/table-names.js';
import type { SqlDialect } from './sql-dialect.js';

/** Column order of every SELECT and INSERT below; the row readers read these names. */
export const INDIVIDUAL_COLUMNS = [
  'id', 'email', 'email_normalized', 'email_verified_at', 'name', 'image', 'scopes', 'created_at', 'updated_at',
] as const;
export const SESSION_COLUMNS = [
  'id', 'token_hash', 'individual_id', 'expires_at', 'ip_address', 'user_agent', 'created_at', 'updated_at',
] as const;
/** The seven token columns, in `AccountTokenFields` order. */
export const TOKEN_COLUMNS = [
  'access_token', 'refresh_token', 'id_token', 'access_token_expires_at', 'refresh_token_expires_at', 'scope', 'token_type',
] as const;
export const ACCOUNT_COLUMNS = [
  'id', 'individual_id', 'provider', 'provider_account_id', ...TOKEN_COLUMNS, 'created_at', 'updated_at',
] as const;
export const STATE_COLUMNS = [
  'state', 'provider', 'individual_id', 'code_verifier', 'nonce', 'intent', 'redirect_url', 'error_redirect_url',
  'new_user_redirect_url', 'payload', 'request_sign_up', 'created_at', 'expires_at',
] as const;
/** Columns `updateIndividual` may change (besides `updated_at`), in a fixed order. */
export const INDIVIDUAL_PATCH_COLUMNS = ['email', 'email_normalized', 'email_verified_at', 'name', 'image'] as const;

/**
 * Every statement the repository runs, written once per (dialect, table prefix) when the repository
 * is created: the hot paths (state consumption, sign-in writes, session lookup) cost one prepared
 * string and a driver call, not a TypeORM query build per call.
 */
export class SqlStatements {
  readonly individualById: string;
  readonly individualByEmail: string;
  readonly insertIndividual: string;
  readonly insertSession: string;
  readonly sessionByTokenHash: string;
  /** The session and its individual in one join; columns aliased `s__<column>` and `i__<column>`. */
  readonly sessionWithIndividual: string;
  readonly extendSession: string;
  readonly deleteSession: string;
  readonly accountByProviderId: string;
  /** MySQL: the same, as a locking read, so a REPEATABLE READ transaction sees the latest row. */
  readonly accountByProviderIdLatest: string;
  readonly accountById: string;
  readonly accountForIndividual: string;
  readonly listAccounts: string;
  /**
   * PostgreSQL/SQLite: one upsert that inserts, or updates the tokens (null-preserving) only when the
   * same individual owns the row, returning the row; no row back = another individual owns it.
   * MySQL: insert-if-absent (the caller then reads and updates).
   */
  readonly upsertAccount: string;
  /** Null-preserving (spec §10.1): `COALESCE(new, stored)` per token column. */
  readonly updateTokens: string;
  readonly deleteAccount: string;
  readonly insertState: string;
  /** PostgreSQL/SQLite: `DELETE … RETURNING`. MySQL: `SELECT … FOR UPDATE`, then `deleteState`. */
  readonly consumeState: string;
  readonly deleteState: string;
  readonly purgeExpiredStates: string;
  readonly acquireLease: string;
  readonly releaseLease: string;
  readonly deleteExpiredTokenUse: string;
  /** PostgreSQL/SQLite: insert-if-absent (1 affected row = first use). MySQL: a plain INSERT. */
  readonly insertTokenUse: string;
  private readonly individualUpdates = new Map<string, string>();

  constructor(
    private readonly dialect: SqlDialect,
    private readonly tables: OAuthTableNames,
  ) {
    const { individuals, sessions, accounts, states, tokenUses } = this.quotedTables();
    const q = (name: string): string => dialect.quote(name);
    const p = (position: number): string => dialect.placeholder(position);
    const list = (columns: readonly string[]): string => columns.map(q).join(', ');
    const values = (count: number): string => Array.from({ length: count }, (_, index) => p(index + 1)).join(', ');
    const isMysql = dialect.name === 'mysql';

    this.individualById = `SELECT ${list(INDIVIDUAL_COLUMNS)} FROM ${individuals} WHERE ${q('id')} = ${p(1)}`;
    this.individualByEmail =
      `SELECT ${list(INDIVIDUAL_COLUMNS)} FROM ${individuals} WHERE ${q('email_normalized')} = ${p(1)} ` +
      `ORDER BY ${q('created_at')} ASC, ${q('id')} ASC LIMIT 1`;
    this.insertIndividual = `INSERT INTO ${individuals} (${list(INDIVIDUAL_COLUMNS)}) VALUES (${values(INDIVIDUAL_COLUMNS.length)})`;

    this.insertSession = `INSERT INTO ${sessions} (${list(SESSION_COLUMNS)}) VALUES (${values(SESSION_COLUMNS.length)})`;
    this.sessionByTokenHash = `SELECT ${list(SESSION_COLUMNS)} FROM ${sessions} WHERE ${q('token_hash')} = ${p(1)}`;
    const aliased = (table: string, alias: string, columns: readonly string[]): string =>
      columns.map((column) => `${table}.${q(column)} AS ${q(`${alias}__${column}`)}`).join(', ');
    this.sessionWithIndividual =
      `SELECT ${aliased('s', 's', SESSION_COLUMNS)}, ${aliased('i', 'i', INDIVIDUAL_COLUMNS)} ` +
      `FROM ${sessions} s JOIN ${individuals} i ON i.${q('id')} = s.${q('individual_id')} WHERE s.${q('token_hash')} = ${p(1)}`;
    this.extendSession = `UPDATE ${sessions} SET ${q('expires_at')} = ${p(1)}, ${q('updated_at')} = ${p(2)} WHERE ${q('id')} = ${p(3)}`;
    this.deleteSession = `DELETE FROM ${sessions} WHERE ${q('id')} = ${p(1)}`;

    const selectAccounts = `SELECT ${list(ACCOUNT_COLUMNS)} FROM ${accounts}`;
    this.accountByProviderId = `${selectAccounts} WHERE ${q('provider')} = ${p(1)} AND ${q('provider_account_id')} = ${p(2)}`;
    this.accountByProviderIdLatest = isMysql ? `${this.accountByProviderId} FOR UPDATE` : this.accountByProviderId;
    this.accountById = `${selectAccounts} WHERE ${q('id')} = ${p(1)}`;
    this.accountForIndividual =
      `${selectAccounts} WHERE ${q('individual_id')} = ${p(1)} AND ${q('provider')} = ${p(2)} AND ${q('provider_account_id')} = ${p(3)}`;
    this.listAccounts =
      `${selectAccounts} WHERE ${q('individual_id')} = ${p(1)} AND ${q('provider')} = ${p(2)} ` +
      `ORDER BY ${q('created_at')} ASC, ${q('id')} ASC`;
    const insertAccount = `INSERT INTO ${accounts} (${list(ACCOUNT_COLUMNS)}) VALUES (${values(ACCOUNT_COLUMNS.length)})`;
    this.upsertAccount = isMysql
      ? // No INSERT IGNORE: it would also turn foreign-key and truncation errors into warnings.
        `${insertAccount} ON DUPLICATE KEY UPDATE ${q('id')} = ${q('id')}`
      : `${insertAccount} ON CONFLICT (${list(['provider', 'provider_account_id'])}) DO UPDATE SET ` +
        [...TOKEN_COLUMNS.map((column) => `${q(column)} = COALESCE(excluded.${q(column)}, ${accounts}.${q(column)})`),
          `${q('updated_at')} = excluded.${q('updated_at')}`].join(', ') +
        ` WHERE ${accounts}.${q('individual_id')} = excluded.${q('individual_id')} RETURNING ${list(ACCOUNT_COLUMNS)}`;
    this.updateTokens =
      `UPDATE ${accounts} SET ` +
      [...TOKEN_COLUMNS.map((column, index) => `${q(column)} = COALESCE(${p(index + 1)}, ${q(column)})`),
        `${q('updated_at')} = ${p(TOKEN_COLUMNS.length + 1)}`].join(', ') +
      ` WHERE ${q('id')} = ${p(TOKEN_COLUMNS.length + 2)}`;
    this.deleteAccount =
      `DELETE FROM ${accounts} WHERE ${q('individual_id')} = ${p(1)} AND ${q('provider')} = ${p(2)} AND ${q('provider_account_id')} = ${p(3)}`;

    this.insertState = `INSERT INTO ${states} (${list(STATE_COLUMNS)}) VALUES (${values(STATE_COLUMNS.length)})`;
    this.consumeState = isMysql
      ? `SELECT ${list(STATE_COLUMNS)} FROM ${states} WHERE ${q('state')} = ${p(1)} FOR UPDATE`
      : `DELETE FROM ${states} WHERE ${q('state')} = ${p(1)} RETURNING ${list(STATE_COLUMNS)}`;
    this.deleteState = `DELETE FROM ${states} WHERE ${q('state')} = ${p(1)}`;
    this.purgeExpiredStates = `DELETE FROM ${states} WHERE ${q('expires_at')} <= ${p(1)}`;

    this.acquireLease =
      `UPDATE ${accounts} SET ${q('refresh_lease_owner')} = ${p(1)}, ${q('refresh_lease_expires_at')} = ${p(2)} ` +
      `WHERE ${q('id')} = ${p(3)} AND (${q('refresh_lease_owner')} IS NULL OR ${q('refresh_lease_expires_at')} <= ${p(4)} ` +
      `OR ${q('refresh_lease_owner')} = ${p(5)})`;
    this.releaseLease =
      `UPDATE ${accounts} SET ${q('refresh_lease_owner')} = NULL, ${q('refresh_lease_expires_at')} = NULL ` +
      `WHERE ${q('id')} = ${p(1)} AND ${q('refresh_lease_owner')} = ${p(2)}`;

    this.deleteExpiredTokenUse = `DELETE FROM ${tokenUses} WHERE ${q('key')} = ${p(1)} AND ${q('expires_at')} <= ${p(2)}`;
    const insertTokenUse = `INSERT INTO ${tokenUses} (${list(['key', 'expires_at'])}) VALUES (${values(2)})`;
    this.insertTokenUse = isMysql ? insertTokenUse : `${insertTokenUse} ON CONFLICT (${q('key')}) DO NOTHING`;
  }

  /**
   * `UPDATE individuals SET <the given columns>, updated_at WHERE id`: one string per set of columns
   * (at most 2^5), built on first use.
   */
  updateIndividual(columns: readonly (typeof INDIVIDUAL_PATCH_COLUMNS)[number][]): string {
    const key = columns.join(',');
    let statement = this.individualUpdates.get(key);
    if (statement === undefined) {
      const q = (name: string): string => this.dialect.quote(name);
      const sets = [...columns, 'updated_at'].map((column, index) => `${q(column)} = ${this.dialect.placeholder(index + 1)}`);
      statement =
        `UPDATE ${q(this.tables.individuals)} SET ${sets.join(', ')} ` +
        `WHERE ${q('id')} = ${this.dialect.placeholder(columns.length + 2)}`;
      this.individualUpdates.set(key, statement);
    }
    return statement;
  }

  private quotedTables(): OAuthTableNames {
    const quote = (name: string): string => this.dialect.quote(name);
    const { individuals, sessions, accounts, states, tokenUses } = this.tables;
    return {
      individuals: quote(individuals),
      sessions: quote(sessions),
      accounts: quote(accounts),
      states: quote(states),
      tokenUses: quote(tokenUses),
    };
  }
}

/** Statements are plain strings: built once per (dialect, prefix) for the whole process. */
const statementCache = new Map<string, SqlStatements>();

export function statementsFor(dialect: SqlDialect, tablePrefix: string): SqlStatements {
  const key = `${dialect.name}:${tablePrefix}`;
  let statements = statementCache.get(key);
  if (statements === undefined) {
    statements = new SqlStatements(dialect, oauthTableNames(tablePrefix));
    statementCache.set(key, statements);
  }
  return statements;
}
