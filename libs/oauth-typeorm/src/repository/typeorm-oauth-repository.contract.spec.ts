import { afterAll, beforeAll } from '@jest/globals';
import { describeOAuthRepositoryContract } from '@belgie/nestjs-oauth/testing';
import type { DataSource } from 'typeorm';
import { requireMysql, requirePostgres } from '../testing/servers.js';
import { emptyTables, mysqlTarget, openDataSource, postgresTarget, type DatabaseTarget } from '../testing/test-databases.js';
import { TypeOrmOAuthRepository } from './typeorm-oauth-repository.js';

// The library's reusable contract suite against the adapter, on every supported database.

describeOAuthRepositoryContract('TypeORM on SQLite (in memory)', async () => {
  // A fresh migrated database per test: in memory this costs a few milliseconds.
  const dataSource = await openDataSource({ type: 'better-sqlite3', database: ':memory:' });
  return { repository: new TypeOrmOAuthRepository({ dataSource }), close: () => dataSource.destroy() };
});

/** One throwaway server database per file, emptied between tests (much faster than re-migrating). */
function describeOnServer(name: string, target: DatabaseTarget, tablePrefix: string): void {
  let dataSource: DataSource | undefined;

  beforeAll(async () => {
    dataSource = await target.open(tablePrefix);
  }, 60_000);

  afterAll(() => target.close(), 60_000);

  describeOAuthRepositoryContract(name, async () => {
    if (dataSource === undefined) throw new Error(`${name}: data source is not open`);
    await emptyTables(dataSource, tablePrefix);
    return { repository: new TypeOrmOAuthRepository({ dataSource, tablePrefix }) };
  });
}

const postgresServer = await requirePostgres('typeorm-oauth-repository.contract.spec');
if (postgresServer !== null) {
  describeOnServer('TypeORM on PostgreSQL', postgresTarget(postgresServer), '');
}

const mysqlServer = await requireMysql('typeorm-oauth-repository.contract.spec');
if (mysqlServer !== null) {
  // With a table prefix here, so the prefixed statements and migrations run the whole contract too.
  describeOnServer('TypeORM on MariaDB/MySQL (tables prefixed auth_)', mysqlTarget(mysqlServer), 'auth_');
}
