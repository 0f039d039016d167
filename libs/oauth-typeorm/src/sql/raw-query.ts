import type { EntityManager, QueryResult } from 'typeorm';

/** A raw row: column names to driver-native values. */
export type RawRow = Record<string, unknown>;

export interface RawQueryResult {
  records: RawRow[];
  /** Rows changed by an INSERT, UPDATE or DELETE. */
  affected: number;
}

function isRawRow(value: unknown): value is RawRow {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Runs raw SQL on the manager's query runner (the transaction's, when bound to one) and returns the
 * structured result, the only way to get both returned rows and the affected-row count on every
 * driver. The SQL strings are built once per repository (see sql-statements.ts), never per call.
 */
export async function rawQuery(manager: EntityManager, sql: string, parameters: unknown[]): Promise<RawQueryResult> {
  const owned = manager.queryRunner === undefined;
  const runner = manager.queryRunner ?? manager.dataSource.createQueryRunner();
  try {
    const result: QueryResult<unknown> = await runner.query(sql, parameters, true);
    return { records: Array.isArray(result.records) ? result.records.filter(isRawRow) : [], affected: result.affected ?? 0 };
  } finally {
    if (owned) {
      await runner.release();
    }
  }
}
