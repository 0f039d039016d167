import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { requireServer } from './server-requirement.js';

/**
 * PostgreSQL helpers for tests: a reachability probe and throwaway databases (one per test file, so
 * files running in parallel never see each other's rows). The server is `TEST_DATABASE_URL` when set,
 * else the local trust-auth server; its database is only used to create and drop the throwaways.
 */
export const DEFAULT_POSTGRES_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export function postgresServerUrl(): string {
  return process.env['TEST_DATABASE_URL'] ?? DEFAULT_POSTGRES_SERVER_URL;
}

async function withClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function isPostgresReachable(serverUrl: string = postgresServerUrl()): Promise<boolean> {
  try {
    await withClient(serverUrl, (client) => client.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

/** The server URL when PostgreSQL answers; see `requireServer` (throws in CI, warns locally). */
export function requirePostgres(suite: string): Promise<string | null> {
  const server = { label: 'PostgreSQL', envName: 'TEST_DATABASE_URL', defaultPort: '5432', isReachable: isPostgresReachable };
  return requireServer({ ...server, url: postgresServerUrl() }, suite);
}

export interface ThrowawayDatabase {
  name: string;
  /** Connection URL of the new database (same server and credentials). */
  url: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

/** Creates an empty database `oauth_test_<random>` on the server. */
export async function createThrowawayDatabase(serverUrl: string = postgresServerUrl()): Promise<ThrowawayDatabase> {
  // Only [a-z0-9_]: safe to interpolate as an identifier.
  const name = `oauth_test_${randomBytes(8).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
