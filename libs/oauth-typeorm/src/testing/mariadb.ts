import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

/**
 * MySQL/MariaDB helpers for tests, like postgres.ts: a reachability probe and throwaway databases.
 * The server is `TEST_MYSQL_URL` when set, else the local MariaDB (root, no password).
 */
export const DEFAULT_MYSQL_SERVER_URL = 'mysql://root@127.0.0.1:3306/mysql';

export function mysqlServerUrl(): string {
  return process.env['TEST_MYSQL_URL'] ?? DEFAULT_MYSQL_SERVER_URL;
}

function describeServer(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.hostname}:${url.port || '3306'}`;
}

async function withConnection<T>(serverUrl: string, work: (connection: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await mysql.createConnection({ uri: serverUrl, connectTimeout: 2_000 });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

export async function isMysqlReachable(serverUrl: string = mysqlServerUrl()): Promise<boolean> {
  try {
    await withConnection(serverUrl, (connection) => connection.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

/**
 * The server URL when MySQL/MariaDB answers. Otherwise: in CI (`CI` set) this throws, because a
 * silently skipped database suite would look green; locally it warns and returns null.
 */
export async function requireMysql(suite: string): Promise<string | null> {
  const serverUrl = mysqlServerUrl();
  if (await isMysqlReachable(serverUrl)) return serverUrl;
  const server = describeServer(serverUrl);
  if (process.env['CI'] !== undefined && process.env['CI'] !== '') {
    throw new Error(`MySQL/MariaDB at ${server} is unreachable and ${suite} needs it in CI (set TEST_MYSQL_URL)`);
  }
  console.warn(`MySQL/MariaDB at ${server} is unreachable: ${suite} runs without its MySQL/MariaDB tests`);
  return null;
}

export interface ThrowawayMysqlDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty database `oauth_test_<random>`. Its default collation is the server's usual
 * case-insensitive one on purpose: the migrations must make the columns exact themselves.
 */
export async function createThrowawayMysqlDatabase(serverUrl: string = mysqlServerUrl()): Promise<ThrowawayMysqlDatabase> {
  // Only [a-z0-9_]: safe to interpolate as an identifier.
  const name = `oauth_test_${randomBytes(8).toString('hex')}`;
  await withConnection(serverUrl, (connection) =>
    connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`),
  );
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await withConnection(serverUrl, (connection) => connection.query(`DROP DATABASE IF EXISTS \`${name}\``));
    },
  };
}
