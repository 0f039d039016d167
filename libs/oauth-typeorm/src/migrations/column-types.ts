import type { QueryRunner, TableColumnOptions } from 'typeorm';

/** Column builders of the migrations, for one database. */
export interface ColumnTypes {
  id(name: string): TableColumnOptions;
  text(name: string): TableColumnOptions;
  varchar(name: string, length: number, isNullable?: boolean): TableColumnOptions;
  time(name: string, isNullable?: boolean): TableColumnOptions;
}

/**
 * MySQL/MariaDB compare text with the column's collation, and the server default is usually
 * case-insensitive and PAD SPACE: `'Alice'`, `'alice'` and `'alice '` would be one provider subject
 * (one identity signing in as another), one state, one session hash. Text columns therefore get a
 * binary, NO PAD collation: MySQL 8's `utf8mb4_0900_bin` or MariaDB's `utf8mb4_nopad_bin`.
 */
async function exactCollation(queryRunner: QueryRunner): Promise<string> {
  const rows: unknown = await queryRunner.query(
    "SELECT COLLATION_NAME AS name FROM information_schema.COLLATIONS WHERE COLLATION_NAME IN ('utf8mb4_0900_bin', 'utf8mb4_nopad_bin')",
  );
  const names = Array.isArray(rows) ? rows.map((row: { name?: unknown }) => row.name) : [];
  const found = ['utf8mb4_0900_bin', 'utf8mb4_nopad_bin'].find((name) => names.includes(name));
  if (found === undefined) throw new Error('MySQL/MariaDB server without utf8mb4_0900_bin or utf8mb4_nopad_bin');
  return found;
}

/**
 * Column builders shared by the migrations. Only the timestamp type differs per database:
 * `timestamptz` on PostgreSQL (an instant, read back as the same UTC Date whatever the server or
 * client time zone), `datetime(3)` on MySQL/MariaDB (milliseconds kept; mysql2 converts with the
 * connection's `timezone`, so use `'Z'`), and `datetime` on SQLite, where dates are UTC text.
 */
export async function columnTypes(queryRunner: QueryRunner): Promise<ColumnTypes> {
  const type = queryRunner.connection.options.type;
  const isMysql = type === 'mysql' || type === 'mariadb';
  const time: Pick<TableColumnOptions, 'type' | 'precision'> =
    type === 'postgres' ? { type: 'timestamptz' } : isMysql ? { type: 'datetime', precision: 3 } : { type: 'datetime' };
  const textual: Pick<TableColumnOptions, 'charset' | 'collation'> = isMysql
    ? { charset: 'utf8mb4', collation: await exactCollation(queryRunner) }
    : {};
  return {
    id: (name) => ({ name, type: 'varchar', length: '36', ...textual }),
    text: (name) => ({ name, type: 'text', isNullable: true, ...textual }),
    varchar: (name, length, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable, ...textual }),
    time: (name, isNullable = false) => ({ name, ...time, isNullable }),
  };
}
