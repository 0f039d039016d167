import type { DataSource, EntityManager } from 'typeorm';
import { SerialLock } from '@belgie/nestjs-oauth';
import { sanitizeDatabaseError } from './database-error.js';
import { rawQuery, type RawQueryResult } from './raw-query.js';
import { dialectOf, type SqlDialect } from './sql-dialect.js';
import { directSqliteConnection, runSqliteStatement } from './sqlite-statement-cache.js';

/**
 * One lock per SQLite DataSource, shared by every repository instance using it. TypeORM's SQLite
 * driver has one connection shared by every caller: while a transaction is open on it, any other
 * query would silently join that transaction (and vanish if it rolls back), and a second `BEGIN`
 * would become a savepoint of the first. So on SQLite every repository operation runs one at a time.
 */
const sqliteLocks = new WeakMap<DataSource, SerialLock>();

function sqliteLockFor(dataSource: DataSource): SerialLock {
  let lock = sqliteLocks.get(dataSource);
  if (lock === undefined) {
    lock = new SerialLock();
    sqliteLocks.set(dataSource, lock);
  }
  return lock;
}

/**
 * Where the repository's statements run: the DataSource's pool, or (bound) one manager: a
 * transaction's, or the plain manager while this operation holds the SQLite lock. Failed queries
 * surface as DatabaseError, without the SQL parameters (tokens) they carried.
 */
export class SqlSession {
  readonly dialect: SqlDialect;

  constructor(
    private readonly dataSource: DataSource,
    /** Set on held sessions: every statement then runs on that manager without taking the lock again. */
    private readonly bound: EntityManager | null = null,
    dialect: SqlDialect = dialectOf(dataSource),
  ) {
    this.dialect = dialect;
  }

  /** One statement; on SQLite a cached prepared statement on the shared connection (see runSqliteStatement). */
  query(sql: string, parameters: unknown[]): Promise<RawQueryResult> {
    return this.onManager(async (manager) => {
      const connection = this.dialect.name === 'sqlite' ? directSqliteConnection(this.dataSource) : null;
      return connection === null ? rawQuery(manager, sql, parameters) : runSqliteStatement(this.dataSource, connection, sql, parameters);
    });
  }

  /**
   * Runs `work` with a session held for it: the statements of one operation run back to back
   * (serialised on SQLite). The held session is passed down explicitly; it never locks again, so
   * work cannot deadlock on its own hold (the lock is not re-entrant).
   */
  exclusive<T>(work: (held: SqlSession) => Promise<T>): Promise<T> {
    if (this.bound !== null) return work(this);
    return this.locked(() => work(new SqlSession(this.dataSource, this.dataSource.manager, this.dialect)));
  }

  /** A new transaction, or (bound) a savepoint in the current one: a failing inner block rolls back only itself. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.onManager((manager) => manager.transaction(work));
  }

  boundTo(manager: EntityManager): SqlSession {
    return new SqlSession(this.dataSource, manager, this.dialect);
  }

  /** `work` on the bound manager, or on the DataSource's under the SQLite lock; errors sanitised. */
  private async onManager<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      if (this.bound !== null) return await work(this.bound);
      const manager = this.dataSource.manager;
      return await this.locked(() => work(manager));
    } catch (error) {
      throw sanitizeDatabaseError(error);
    }
  }

  private locked<T>(work: () => Promise<T>): Promise<T> {
    return this.dialect.name === 'sqlite' ? sqliteLockFor(this.dataSource).run(work) : work();
  }
}
