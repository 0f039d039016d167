import { afterAll, beforeAll, beforeEach, describe } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { TypeOrmOAuthRepository } from '../repository/typeorm-oauth-repository.js';
import { requireMysql, requirePostgres } from './servers.js';
import { databaseTargets, emptyTables } from './test-databases.js';

/** Filled in before the first test of each database: read its fields inside tests only. */
export interface DatabaseUnderTest {
  dataSource: DataSource;
  repository: TypeOrmOAuthRepository;
}

/** The servers a spec file can use: null where unreachable locally (CI throws instead). */
export async function testServers(suite: string): Promise<{ postgres: string | null; mysql: string | null }> {
  return { postgres: await requirePostgres(suite), mysql: await requireMysql(suite) };
}

/**
 * `describe.each` over SQLite and every reachable server: one migrated database per file and
 * database kind, emptied before each test, with a repository on it.
 */
export function describeOnEveryDatabase(
  title: string,
  servers: { postgres: string | null; mysql: string | null },
  body: (db: DatabaseUnderTest) => void,
): void {
  describe.each(databaseTargets(servers).map((target) => [target.name, target] as const))(title, (_name, target) => {
    const db = {} as DatabaseUnderTest;

    beforeAll(async () => {
      db.dataSource = await target.open();
      db.repository = new TypeOrmOAuthRepository({ dataSource: db.dataSource });
    }, 60_000);

    afterAll(() => target.close(), 60_000);

    beforeEach(() => emptyTables(db.dataSource));

    body(db);
  });
}
