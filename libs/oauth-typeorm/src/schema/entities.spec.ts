import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { TypeOrmOAuthRepository } from '../repository/typeorm-oauth-repository.js';
import { createThrowawayDatabase, createThrowawayMysqlDatabase, requireMysql, requirePostgres } from '../testing/servers.js';
import { openDataSource, type ConnectionOptions } from '../testing/test-databases.js';
import { oauthEntities } from './entities.js';

// The entity schemas read what the repository wrote, on every database, with a prefix.

const postgresServer = await requirePostgres('entities.spec');
const mysqlServer = await requireMysql('entities.spec');

type Connect = () => Promise<{ connection: ConnectionOptions; drop(): Promise<void> }>;

function onServer(type: 'postgres' | 'mysql', create: () => Promise<{ url: string; drop(): Promise<void> }>): Connect {
  return async () => {
    const database = await create();
    return { connection: { type, url: database.url }, drop: () => database.drop() };
  };
}

const TARGETS: [string, Connect][] = [
  ['SQLite', async () => ({ connection: { type: 'better-sqlite3', database: ':memory:' }, drop: async () => undefined })],
];
if (postgresServer !== null) TARGETS.push(['PostgreSQL', onServer('postgres', () => createThrowawayDatabase(postgresServer))]);
if (mysqlServer !== null) TARGETS.push(['MariaDB/MySQL', onServer('mysql', () => createThrowawayMysqlDatabase(mysqlServer))]);

describe.each(TARGETS)('oauthEntities on %s', (_name, connect) => {
  const entities = oauthEntities({ tablePrefix: 'ent_' });
  let dataSource: DataSource;
  let drop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const connected = await connect();
    drop = connected.drop;
    dataSource = await openDataSource(connected.connection, 'ent_', { entities: entities.all });
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await drop();
  }, 60_000);

  it('hands out the same schemas for the same prefix (one registration per DataSource)', () => {
    expect(oauthEntities({ tablePrefix: 'ent_' })).toBe(entities);
    expect(oauthEntities().individuals.options.tableName).toBe('individuals');
    expect(entities.accounts.options.tableName).toBe('ent_oauth_accounts');
  });

  it('reads individuals, sessions and accounts written by the repository, dates to the millisecond', async () => {
    const repository = new TypeOrmOAuthRepository({ dataSource, tablePrefix: 'ent_' });
    const verified = new Date('2031-02-03T04:05:06.789Z');
    const individual = await repository.createIndividual({ email: 'Eve@Example.com', emailVerifiedAt: verified, name: 'Eve', image: null });
    const session = await repository.createSession({ tokenHash: 'hash-ent', individualId: individual.id, expiresAt: verified, ipAddress: null, userAgent: null });
    const account = await repository.upsertAccount(individual.id, 'dev', 'sub-ent', {
      accessToken: 'a', refreshToken: null, idToken: null, accessTokenExpiresAt: verified, refreshTokenExpiresAt: null, scope: 'openid', tokenType: 'Bearer',
    });

    const row = await dataSource.getRepository(entities.individuals).findOneBy({ id: individual.id });
    expect(row).toMatchObject({ email: 'Eve@Example.com', emailNormalized: 'eve@example.com', name: 'Eve', scopes: '[]' });
    expect(row?.emailVerifiedAt?.toISOString()).toBe('2031-02-03T04:05:06.789Z');
    expect((await dataSource.getRepository(entities.sessions).findOneBy({ id: session.id }))?.tokenHash).toBe('hash-ent');
    const stored = await dataSource.getRepository(entities.accounts).findOneBy({ provider: 'dev', providerAccountId: 'sub-ent' });
    expect(stored).toMatchObject({ id: account.id, individualId: individual.id, accessToken: 'a', refreshToken: null, refreshLeaseOwner: null });
    expect(stored?.accessTokenExpiresAt?.toISOString()).toBe('2031-02-03T04:05:06.789Z');
  });
});
