import type { DataSource } from 'typeorm';

/** Source of `createdAt` / `updatedAt`; tests may fake it. */
export interface PersistenceClock {
  now(): Date;
}

export interface TypeOrmOAuthRepositoryOptions {
  /** An initialised DataSource (the app's own, e.g. from `TypeOrmModule`): the repository opens no pool. */
  dataSource: DataSource;
  /** Prefix of every table name (letters, digits, `_`; default none). Must match the migrations'. */
  tablePrefix?: string;
  /** Default: the system clock. */
  clock?: PersistenceClock;
}

/** DI token of the options `TypeOrmOAuthRepository` is built from (provided by `OAuthTypeOrmModule`). */
export const OAUTH_TYPEORM_OPTIONS = Symbol('OAUTH_TYPEORM_OPTIONS');
