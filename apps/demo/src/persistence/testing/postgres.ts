import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * PostgreSQL helpers for tests: a reachability probe and throwaway databases (one per test file, so
 * files running in parallel never see each other's rows). The server is `TEST_DATABASE_URL` when set,
 * else the local trust-auth server; its database is only used to create and drop the throwaways.
 */
export const DEFAULT_POSTGRES_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export function postgresServerUrl(): string {
  return process.env['TEST_DATABASE_URL'] ?? DEFAULT_POSTGRES_SERVER_URL;
}

/** The URL with its credentials removed, for messages. */
function describeServer(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.hostname}:${url.port || '5432'}`;
}

async function withClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  // 10 s: on a loaded machine 2 s was too short and a healthy server looked unreachable (suites skipped
  // locally, failed in CI). A server that is not there refuses at once, so the skip path stays fast.
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
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

/**
 * The server URL when PostgreSQL answers. Otherwise: in CI (`CI` set) this throws, because a
 * silently skipped database suite would look green; locally it warns and returns null, and the
 * caller registers no PostgreSQL tests.
 */
export async function requirePostgres(suite: string): Promise<string | null> {
  const serverUrl = postgresServerUrl();
  if (await isPostgresReachable(serverUrl)) {
    return serverUrl;
  }
  const server = describeServer(serverUrl);
  if (process.env['CI'] !== undefined && process.env['CI'] !== '') {
    throw new Error(`PostgreSQL at ${server} is unreachable and ${suite} needs it in CI (set TEST_DATABASE_URL)`);
  }
  console.warn(`PostgreSQL at ${server} is unreachable: ${suite} runs without its PostgreSQL tests`);
  return null;
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
