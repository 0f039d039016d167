import type { DataSource } from 'typeorm';
import { dialectOf } from './sql-dialect.js';

/**
 * MySQL/MariaDB outside strict SQL mode cut an over-long value to the column's length instead of
 * refusing it: two provider subjects sharing their first 255 characters would become one identity
 * (one person signing in as another), two states one state. Strict mode has been the default since
 * MySQL 5.7 and MariaDB 10.2.4; a server configured without it is refused at boot, not risked.
 * No-op on other databases.
 */
export async function assertMysqlStrictMode(dataSource: DataSource): Promise<void> {
  if (dialectOf(dataSource).name !== 'mysql') return;
  const rows: unknown = await dataSource.query('SELECT @@SESSION.sql_mode AS mode');
  const mode = Array.isArray(rows) ? (rows[0] as { mode?: unknown } | undefined)?.mode : undefined;
  if (typeof mode !== 'string' || !/STRICT_(TRANS|ALL)_TABLES/.test(mode)) {
    throw new Error(
      'MySQL/MariaDB must run in strict SQL mode (sql_mode with STRICT_TRANS_TABLES): without it, over-long values are cut instead of refused',
    );
  }
}
