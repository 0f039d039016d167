import { DataSource, type DataSourceOptions } from 'typeorm';
import { oauthMigrations } from '../migrations/index.js';
import { oauthTableNames } from '../schema/table-names.js';
import { createThrowawayDatabase, createThrowawayMysqlDatabase, type ThrowawayDatabase } from './servers.js';

/** The connection part of a DataSource's options; migrations are added by `openDataSource`. */
export type ConnectionOptions =
  | { type: 'better-sqlite3'; database: string }
  | { type: 'postgres'; url: string }
  | { type: 'mysql'; url: string };

/** Opens a DataSource with the adapter's migrations applied (no synchronize), as an app would. */
export async function openDataSource(
  connection: ConnectionOptions,
  tablePrefix = '',
  extra: Pick<DataSourceOptions, 'entities'> = {},
): Promise<DataSource> {
  const options: DataSourceOptions = {
    ...connection,
    ...extra,
    // mysql2 converts DATETIME with the connection time zone: UTC keeps instants exact (README).
    ...(connection.type === 'mysql' ? { timezone: 'Z' } : {}),
    // pg-pool's end() (DataSource.destroy) resolves before the sockets of its idle clients have closed; on
    // a busy server that lasts long enough for Jest to report "a worker process has failed to exit
    // gracefully". With allowExitOnIdle, idle clients' sockets are unref'd and no longer hold the worker.
    ...(connection.type === 'postgres' ? { extra: { allowExitOnIdle: true } } : {}),
    migrations: oauthMigrations({ tablePrefix }),
    migrationsRun: true,
    synchronize: false,
    logging: false,
  };
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  return dataSource;
}

/** Empties every adapter table (DELETE: works on every database, children first). */
export async function emptyTables(dataSource: DataSource, tablePrefix = ''): Promise<void> {
  const { tokenUses, states, accounts, sessions, individuals } = oauthTableNames(tablePrefix);
  const quote = dataSource.options.type === 'mysql' ? (name: string) => `\`${name}\`` : (name: string) => `"${name}"`;
  for (const table of [tokenUses, states, accounts, sessions, individuals]) {
    await dataSource.query(`DELETE FROM ${quote(table)}`);
  }
}

/** A database a spec file runs against: opened once (beforeAll), closed once (afterAll). */
export interface DatabaseTarget {
  name: string;
  open(tablePrefix?: string): Promise<DataSource>;
  close(): Promise<void>;
}

export function sqliteMemoryTarget(): DatabaseTarget {
  let dataSource: DataSource | undefined;
  return {
    name: 'SQLite (in memory)',
    open: async (tablePrefix) => {
      dataSource = await openDataSource({ type: 'better-sqlite3', database: ':memory:' }, tablePrefix);
      return dataSource;
    },
    close: async () => {
      await dataSource?.destroy();
    },
  };
}

/** A throwaway database created on open and dropped on close (PostgreSQL or MySQL/MariaDB). */
function throwawayTarget(
  name: string,
  type: 'postgres' | 'mysql',
  create: () => Promise<ThrowawayDatabase>,
): DatabaseTarget {
  let database: ThrowawayDatabase | undefined;
  let dataSource: DataSource | undefined;
  return {
    name,
    open: async (tablePrefix) => {
      database = await create();
      dataSource = await openDataSource({ type, url: database.url }, tablePrefix);
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

export function postgresTarget(serverUrl: string): DatabaseTarget {
  return throwawayTarget('PostgreSQL', 'postgres', () => createThrowawayDatabase(serverUrl));
}

export function mysqlTarget(serverUrl: string): DatabaseTarget {
  return throwawayTarget('MariaDB/MySQL', 'mysql', () => createThrowawayMysqlDatabase(serverUrl));
}

/** SQLite always; PostgreSQL and MySQL/MariaDB when their server URL is not null (see require*). */
export function databaseTargets(servers: { postgres: string | null; mysql: string | null }): DatabaseTarget[] {
  return [
    sqliteMemoryTarget(),
    ...(servers.postgres === null ? [] : [postgresTarget(servers.postgres)]),
    ...(servers.mysql === null ? [] : [mysqlTarget(servers.mysql)]),
  ];
}
