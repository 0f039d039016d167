import type { DataSource } from 'typeorm';

/**
 * The few places where raw SQL differs between the two supported drivers. Raw SQL is used only where
 * atomicity needs one statement (`DELETE ... RETURNING`, conditional `UPDATE`); everything else goes
 * through TypeORM, which converts values itself.
 */
export type SqlDialect = 'sqlite' | 'postgres';

export function dialectOf(dataSource: DataSource): SqlDialect {
  const type = dataSource.options.type;
  if (type === 'postgres') return 'postgres';
  if (type === 'better-sqlite3') return 'sqlite';
  throw new Error(`unsupported database type: ${type}`);
}

/** Positional placeholders: `$1, $2…` on PostgreSQL, `?` on SQLite. */
export function placeholders(dialect: SqlDialect, count: number): string[] {
  return Array.from({ length: count }, (_, index) => (dialect === 'postgres' ? `$${index + 1}` : '?'));
}

/**
 * A Date as a raw SQL parameter. SQLite stores dates as TypeORM's UTC text `YYYY-MM-DD HH:MM:SS.mmm`,
 * which sorts like the instant it names, so comparisons must use the same text; PostgreSQL takes the
 * Date itself (pg sends it with its offset into a `timestamptz`).
 */
export function dateParameter(dialect: SqlDialect, date: Date): Date | string {
  return dialect === 'postgres' ? date : date.toISOString().replace('T', ' ').replace('Z', '');
}

/** A date read by raw SQL: pg gives a Date, SQLite the UTC text written by TypeORM. */
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

/** SQLite has no boolean type: it returns 0/1. */
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
