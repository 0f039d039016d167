import { QueryFailedError, type DataSource } from 'typeorm';
import type { RawQueryResult, RawRow } from './raw-query.js';

/** The part of a better-sqlite3 prepared statement used here (the adapter does not import the driver). */
interface PreparedStatement {
  readonly reader: boolean;
  all(...parameters: unknown[]): unknown[];
  run(...parameters: unknown[]): { changes: number };
}

/** The part of a better-sqlite3 `Database` used here. */
interface SqliteConnection {
  readonly open: boolean;
  prepare(sql: string): PreparedStatement;
}

/** Ample for the repository's statements (a few dozen per table prefix); past it, the cache starts over. */
const MAX_STATEMENTS = 256;
const statementsByConnection = new WeakMap<SqliteConnection, Map<string, PreparedStatement>>();

function isConnection(value: unknown): value is SqliteConnection {
  return typeof value === 'object' && value !== null && 'prepare' in value && 'open' in value;
}

/**
 * The DataSource's open better-sqlite3 connection, when the adapter may run its statements on it
 * directly: no subscriber listens for query events and no slow-query threshold is set (TypeORM's
 * query runner provides those; with either, statements keep going through it).
 */
export function directSqliteConnection(dataSource: DataSource): SqliteConnection | null {
  if (!dataSource.isInitialized || dataSource.subscribers.length > 0 || dataSource.options.maxQueryExecutionTime) return null;
  const connection: unknown = (dataSource.driver as { databaseConnection?: unknown }).databaseConnection;
  return isConnection(connection) && connection.open ? connection : null;
}

function statementFor(connection: SqliteConnection, sql: string): PreparedStatement {
  let statements = statementsByConnection.get(connection);
  if (statements === undefined) {
    statements = new Map();
    statementsByConnection.set(connection, statements);
  }
  let statement = statements.get(sql);
  if (statement === undefined) {
    if (statements.size >= MAX_STATEMENTS) statements.clear();
    statement = connection.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

function isRawRow(value: unknown): value is RawRow {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Runs one statement on better-sqlite3 with a statement prepared once per SQL text and connection,
 * doing what TypeORM's `BetterSqlite3QueryRunner.query` does for it (the app's query logging, booleans
 * as 0/1, driver errors as `QueryFailedError`, so `sanitizeDatabaseError` sees the same error) without
 * its per-call event broadcasts, timers and promise hops. On the shared connection it runs inside
 * whatever transaction is open there, as TypeORM's statements would; callers hold the SQLite lock.
 */
export function runSqliteStatement(dataSource: DataSource, connection: SqliteConnection, sql: string, parameters: unknown[]): RawQueryResult {
  const values = parameters.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
  dataSource.logger.logQuery(sql, values);
  try {
    const statement = statementFor(connection, sql);
    if (statement.reader) return { records: statement.all(...values).filter(isRawRow), affected: 0 };
    return { records: [], affected: statement.run(...values).changes };
  } catch (error) {
    dataSource.logger.logQueryError(error instanceof Error ? error : String(error), sql, values);
    throw new QueryFailedError(sql, values, error as Error);
  }
}
