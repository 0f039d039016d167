import type { DataSource, EntityManager } from 'typeorm';
import { SerialLock } from './serial-lock.js';
import { sanitizeDatabaseError } from './database-error.js';
import { rawQuery, type RawQueryResult } from './raw-query.js';
import { dialectOf, type SqlDialect } from './sql-dialect.js';

/** One lock per SQLite DataSource, shared by every repository instance using it (see SerialLock). */
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
 * Where the repository's statements run: the DataSource's pool, or (bound) one transaction's
 * manager. Failed queries surface as DatabaseError, without the SQL parameters (tokens) they carried.
 */
export class SqlSession {
  readonly dialect: SqlDialect;

  constructor(
    private readonly dataSource: DataSource,
    /** Set on the sessions handed to `transaction` work: every statement then uses that manager. */
    private readonly bound: EntityManager | null = null,
  ) {
    this.dialect = dialectOf(dataSource);
  }

  /** One statement. */
  query(sql: string, parameters: unknown[]): Promise<RawQueryResult> {
    return this.exclusive((manager) => rawQuery(manager, sql, parameters));
  }

  /**
   * Runs `work` on the bound manager, or on the DataSource's (serialised on SQLite, re-entrant, so
   * the statements of one operation run back to back).
   */
  async exclusive<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      if (this.bound !== null) return await work(this.bound);
      const manager = this.dataSource.manager;
      return await (this.dialect.name === 'sqlite' ? sqliteLockFor(this.dataSource).run(() => work(manager)) : work(manager));
    } catch (error) {
      throw sanitizeDatabaseError(error);
    }
  }

  /** A new transaction, or (bound) a savepoint in the current one: a failing inner block rolls back only itself. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.exclusive((manager) => manager.transaction(work));
  }

  boundTo(manager: EntityManager): SqlSession {
    return new SqlSession(this.dataSource, manager);
  }
}
