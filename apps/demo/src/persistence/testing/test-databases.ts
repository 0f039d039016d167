import { DataSource } from 'typeorm';
import { createDataSourceOptions } from '../data-source.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from './postgres.js';

/** Opens a DataSource for `databaseUrl` exactly as the app does (migrations run, no synchronize). */
export async function openDataSource(databaseUrl: string): Promise<DataSource> {
  const options = createDataSourceOptions(databaseUrl);
  // pg-pool's end() (DataSource.destroy) resolves before the sockets of its idle clients have closed; on
  // a busy server that lasts long enough for Jest to report "a worker process has failed to exit
  // gracefully". With allowExitOnIdle, idle clients' sockets are unref'd and no longer hold the worker.
  const dataSource = new DataSource(
    options.type === 'postgres' ? { ...options, extra: { ...options.extra, allowExitOnIdle: true } } : options,
  );
  await dataSource.initialize();
  return dataSource;
}

const TABLES = ['oauth_states', 'oauth_accounts', 'sessions', 'individuals'] as const;

/** Empties every table: TRUNCATE on PostgreSQL (fast), DELETE on SQLite (which has no TRUNCATE). */
export async function emptyTables(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type === 'postgres') {
    await dataSource.query(`TRUNCATE ${TABLES.map((table) => `"${table}"`).join(', ')}`);
    return;
  }
  for (const table of TABLES) {
    await dataSource.query(`DELETE FROM "${table}"`);
  }
}

/** A database a spec file runs against: opened once (beforeAll), closed once (afterAll). */
export interface DatabaseTarget {
  name: string;
  open(): Promise<DataSource>;
  close(): Promise<void>;
}

export function sqliteMemoryTarget(): DatabaseTarget {
  let dataSource: DataSource | undefined;
  return {
    name: 'SQLite (in memory)',
    open: async () => {
      dataSource = await openDataSource('sqlite::memory:');
      return dataSource;
    },
    close: async () => {
      await dataSource?.destroy();
    },
  };
}

/** A throwaway PostgreSQL database on `serverUrl`, created on open and dropped on close. */
export function postgresTarget(serverUrl: string): DatabaseTarget {
  let database: ThrowawayDatabase | undefined;
  let dataSource: DataSource | undefined;
  return {
    name: 'PostgreSQL',
    open: async () => {
      database = await createThrowawayDatabase(serverUrl);
      dataSource = await openDataSource(database.url);
      return dataSource;
    },
    close: async () => {
      try {
        if (dataSource?.isInitialized === true) await dataSource.destroy();
      } finally {
        await database?.drop();
      }
    },
  };
}

/** SQLite always; PostgreSQL when `postgresServerUrl` is not null (see `requirePostgres`). */
export function databaseTargets(postgresServerUrl: string | null): DatabaseTarget[] {
  return postgresServerUrl === null ? [sqliteMemoryTarget()] : [sqliteMemoryTarget(), postgresTarget(postgresServerUrl)];
}
