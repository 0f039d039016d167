import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/** Relative to the working directory (`npm run demo` runs from the repository root). */
export const DEFAULT_DATABASE_URL = 'sqlite:apps/demo/data/demo.sqlite';

const SQLITE_PREFIX = 'sqlite:';

/** The DATABASE_URL forms the demo accepts (demo-contract.md). */
export const DATABASE_URL_PATTERN = /^(sqlite:|postgres:\/\/|postgresql:\/\/|mysql:\/\/)/;

/**
 * TypeORM connection options for `sqlite:<file>`, `sqlite::memory:`, `postgres://…`,
 * `postgresql://…` or `mysql://…` (MySQL 8 / MariaDB), handed to `TypeOrmModule.forRoot`.
 * `synchronize` stays off: the schema is what the adapter's migrations say (`OAuthTypeOrmModule`
 * applies them at boot). For a SQLite file, its folder is created when missing.
 */
export function createDataSourceOptions(databaseUrl: string): DataSourceOptions {
  const common = { synchronize: false, logging: false } as const;

  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) {
    return { ...common, type: 'postgres', url: databaseUrl };
  }

  if (databaseUrl.startsWith('mysql://')) {
    // UTC on the wire: mysql2 converts DATETIME with the connection's time zone, so every instance
    // reads back the instant it wrote whatever its TZ. utf8mb4: any Unicode name or email.
    return { ...common, type: 'mysql', url: databaseUrl, timezone: 'Z', charset: 'utf8mb4_unicode_ci' };
  }

  if (databaseUrl.startsWith(SQLITE_PREFIX)) {
    const database = databaseUrl.slice(SQLITE_PREFIX.length);
    if (database.length === 0) {
      throw new Error('DATABASE_URL "sqlite:" needs a file name or ":memory:"');
    }
    if (database !== ':memory:') {
      mkdirSync(dirname(database), { recursive: true });
    }
    return {
      ...common,
      type: 'better-sqlite3',
      database,
      // TypeORM's driver turns foreign keys on as well; stating it here keeps the cascades (deleting
      // an individual deletes its sessions and accounts) from depending on a driver detail.
      prepareDatabase: (db: { pragma: (source: string) => unknown }) => {
        db.pragma('foreign_keys = ON');
      },
    };
  }

  // Only the scheme is named: the URL may carry a password.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(databaseUrl)?.[0] ?? '(none)';
  throw new Error(
    `unsupported DATABASE_URL scheme ${scheme}: use sqlite:<file>, sqlite::memory:, postgres://… or mysql://…`,
  );
}
