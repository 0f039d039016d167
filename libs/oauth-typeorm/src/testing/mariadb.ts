import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { requireServer } from './server-requirement.js';

/**
 * MySQL/MariaDB helpers for tests, like postgres.ts: a reachability probe and throwaway databases.
 * The server is `TEST_MYSQL_URL` when set, else the local MariaDB (root, no password).
 */
export const DEFAULT_MYSQL_SERVER_URL = 'mysql://root@127.0.0.1:3306/mysql';

export function mysqlServerUrl(): string {
  return process.env['TEST_MYSQL_URL'] ?? DEFAULT_MYSQL_SERVER_URL;
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

/** The server URL when MySQL/MariaDB answers; see `requireServer` (throws in CI, warns locally). */
export function requireMysql(suite: string): Promise<string | null> {
  const server = { label: 'MySQL/MariaDB', envName: 'TEST_MYSQL_URL', defaultPort: '3306', isReachable: isMysqlReachable };
  return requireServer({ ...server, url: mysqlServerUrl() }, suite);
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
