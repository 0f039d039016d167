import { afterAll, beforeAll } from '@jest/globals';
import { describeOAuthRepositoryContract } from '@belgie/nestjs-oauth/testing';
import type { DataSource } from 'typeorm';
import { requirePostgres } from './testing/postgres.js';
import { emptyTables, openDataSource, postgresTarget } from './testing/test-databases.js';
import { TypeOrmOAuthRepository } from './typeorm-oauth-repository.js';

// The library's reusable contract suite, against the reference TypeORM implementation.

describeOAuthRepositoryContract('TypeORM on SQLite (in memory)', async () => {
  // A fresh migrated database per test: in memory this costs a few milliseconds.
  const dataSource = await openDataSource('sqlite::memory:');
  return { repository: new TypeOrmOAuthRepository(dataSource), close: () => dataSource.destroy() };
});

const postgresServer = await requirePostgres('typeorm-oauth-repository.spec');

if (postgresServer !== null) {
  const target = postgresTarget(postgresServer);
  let dataSource: DataSource | undefined;

  beforeAll(async () => {
    dataSource = await target.open();
  }, 60_000);

  afterAll(() => target.close(), 60_000);

  describeOAuthRepositoryContract('TypeORM on PostgreSQL', async () => {
    if (dataSource === undefined) throw new Error('PostgreSQL data source is not open');
    // One throwaway database per file; emptied between tests (much faster than re-migrating).
    await emptyTables(dataSource);
    return { repository: new TypeOrmOAuthRepository(dataSource) };
  });
}
