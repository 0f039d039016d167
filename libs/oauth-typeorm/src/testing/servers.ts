import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';

/**
 * Database servers for tests: a reachability probe and throwaway databases (one per test file and
 * kind, so files running in parallel never see each other's rows). PostgreSQL is `TEST_DATABASE_URL`
 * or the local trust-auth server; MySQL/MariaDB is `TEST_MYSQL_URL` or the local MariaDB (root, no
 * password). The server's own database is only used to create and drop the throwaways.
 */
interface ServerKind {
  label: string;
  envName: string;
  defaultUrl: string;
  defaultPort: string;
  /** Runs one statement on `serverUrl` over a short-lived connection. */
  run(serverUrl: string, sql: string): Promise<void>;
  createSql(name: string): string;
  dropSql(name: string): string;
}

const POSTGRES: ServerKind = {
  label: 'PostgreSQL',
  envName: 'TEST_DATABASE_URL',
  defaultUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  defaultPort: '5432',
  run: async (serverUrl, sql) => {
    const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  },
  createSql: (name) => `CREATE DATABASE "${name}"`,
  dropSql: (name) => `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`,
};

const MYSQL: ServerKind = {
  label: 'MySQL/MariaDB',
  envName: 'TEST_MYSQL_URL',
  defaultUrl: 'mysql://root@127.0.0.1:3306/mysql',
  defaultPort: '3306',
  run: async (serverUrl, sql) => {
    const connection = await mysql.createConnection({ uri: serverUrl, connectTimeout: 5_000 });
    try {
      await connection.query(sql);
    } finally {
      await connection.end();
    }
  },
  // The server's usual case-insensitive default on purpose: the migrations must make columns exact.
  createSql: (name) => `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`,
  dropSql: (name) => `DROP DATABASE IF EXISTS \`${name}\``,
};

const serverUrlOf = (kind: ServerKind): string => process.env[kind.envName] ?? kind.defaultUrl;

/**
 * The server URL when the server answers. Otherwise: in CI (`CI` set) this throws, because a
 * silently skipped database suite would look green; locally it warns and returns null, and the
 * caller registers no tests for that database.
 */
async function requireServer(kind: ServerKind, suite: string): Promise<string | null> {
  const serverUrl = serverUrlOf(kind);
  let reason = 'no answer';
  // A few tries: on a loaded machine a busy server (connection limit, slow accept) is not a down one.
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      await kind.run(serverUrl, 'SELECT 1');
      return serverUrl;
    } catch (error) {
      // Driver messages name the problem (refused, timeout, too many clients), never the password.
      reason = error instanceof Error ? error.message : String(error);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
  // Host and port only: the URL may carry credentials.
  const url = new URL(serverUrl);
  const where = `${kind.label} at ${url.hostname}:${url.port || kind.defaultPort}`;
  if (process.env['CI'] !== undefined && process.env['CI'] !== '') {
    throw new Error(`${where} is unreachable (${reason}) and ${suite} needs it in CI (set ${kind.envName})`);
  }
  console.warn(`${where} is unreachable (${reason}): ${suite} runs without its ${kind.label} tests`);
  return null;
}

export const requirePostgres = (suite: string): Promise<string | null> => requireServer(POSTGRES, suite);
export const requireMysql = (suite: string): Promise<string | null> => requireServer(MYSQL, suite);

export interface ThrowawayDatabase {
  name: string;
  /** Connection URL of the new database (same server and credentials). */
  url: string;
  /** Drops the database, closing any connection still open to it (PostgreSQL). */
  drop(): Promise<void>;
}

async function createThrowaway(kind: ServerKind, serverUrl: string): Promise<ThrowawayDatabase> {
  // Only [a-z0-9_]: safe to interpolate as an identifier.
  const name = `oauth_test_${randomBytes(8).toString('hex')}`;
  await kind.run(serverUrl, kind.createSql(name));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => kind.run(serverUrl, kind.dropSql(name)) };
}

/** An empty PostgreSQL database `oauth_test_<random>`. */
export const createThrowawayDatabase = (serverUrl: string = serverUrlOf(POSTGRES)): Promise<ThrowawayDatabase> =>
  createThrowaway(POSTGRES, serverUrl);

/** An empty MySQL/MariaDB database `oauth_test_<random>`. */
export const createThrowawayMysqlDatabase = (serverUrl: string = serverUrlOf(MYSQL)): Promise<ThrowawayDatabase> =>
  createThrowaway(MYSQL, serverUrl);
