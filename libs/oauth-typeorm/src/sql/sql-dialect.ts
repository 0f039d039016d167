import type { DataSource } from 'typeorm';

/** The three database families the adapter supports. */
export type DialectName = 'postgres' | 'mysql' | 'sqlite';

/**
 * Everything that differs between the supported drivers when the adapter writes SQL itself:
 * identifier quoting, placeholders, and how dates and booleans travel as parameters.
 */
export interface SqlDialect {
  readonly name: DialectName;
  /** Quotes an identifier (`"x"` on PostgreSQL and SQLite, `` `x` `` on MySQL). */
  readonly quote: (identifier: string) => string;
  /** The n-th (1-based) positional placeholder: `$n` on PostgreSQL, `?` elsewhere. */
  readonly placeholder: (position: number) => string;
  /** A Date as a parameter. */
  readonly date: (value: Date) => Date | string;
  /** A boolean as a parameter (SQLite and MySQL have no boolean type: 0/1). */
  readonly boolean: (value: boolean) => boolean | number;
}

/**
 * SQLite stores dates as TypeORM's UTC text `YYYY-MM-DD HH:MM:SS.mmm`, which sorts like the instant it
 * names, so parameters compared with stored dates must use the same text.
 */
function sqliteDateText(value: Date): string {
  return value.toISOString().replace('T', ' ').replace('Z', '');
}

const postgres: SqlDialect = {
  name: 'postgres',
  quote: (identifier) => `"${identifier}"`,
  placeholder: (position) => `$${position}`,
  // pg sends a Date with its offset into a `timestamptz`: the same instant whatever the time zones.
  date: (value) => value,
  boolean: (value) => value,
};

const mysql: SqlDialect = {
  name: 'mysql',
  quote: (identifier) => `\`${identifier}\``,
  placeholder: () => '?',
  // mysql2 writes (and reads) DATETIME in the connection's `timezone`: set it to 'Z' (README).
  date: (value) => value,
  boolean: (value) => (value ? 1 : 0),
};

const sqlite: SqlDialect = {
  name: 'sqlite',
  quote: (identifier) => `"${identifier}"`,
  placeholder: () => '?',
  date: sqliteDateText,
  boolean: (value) => (value ? 1 : 0),
};

const DIALECTS: Record<string, SqlDialect> = {
  postgres,
  mysql,
  mariadb: mysql,
  'better-sqlite3': sqlite,
};

/** Names the DataSource's driver family; any other driver is a clear configuration error. */
export function dialectOf(dataSource: DataSource): SqlDialect {
  const dialect = DIALECTS[dataSource.options.type];
  if (dialect === undefined) {
    throw new Error(
      `unsupported database type "${dataSource.options.type}": use postgres, mysql, mariadb or better-sqlite3`,
    );
  }
  return dialect;
}

/** A date read by raw SQL: pg and mysql2 give a Date, SQLite the UTC text written above. */
export function dateFromRaw(value: unknown): Date {
  if (value instanceof Date) return new Date(value.getTime());
  if (typeof value === 'string') {
    const iso = value.includes('T') ? value : value.replace(' ', 'T');
    const parsed = new Date(/(Z|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`);
    if (!Number.isNaN(parsed.getTime())) return parsed;
  }
  throw new Error('unreadable date value in database row');
}

export function nullableDateFromRaw(value: unknown): Date | null {
  return value === null || value === undefined ? null : dateFromRaw(value);
}

/** SQLite and MySQL return 0/1 for booleans. */
export function booleanFromRaw(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

export function stringFromRaw(value: unknown): string {
  if (typeof value !== 'string') throw new Error('unexpected non-text value in database row');
  return value;
}

export function nullableStringFromRaw(value: unknown): string | null {
  return value === null || value === undefined ? null : stringFromRaw(value);
}
