import { afterEach, describe, expect, it } from '@jest/globals';
import { DataSource, EventSubscriber, type EntitySubscriberInterface, type Logger } from 'typeorm';
import { oauthMigrations } from '../migrations/index.js';
import { TypeOrmOAuthRepository } from '../repository/typeorm-oauth-repository.js';
import { DatabaseError } from './database-error.js';
import { directSqliteConnection } from './sqlite-statement-cache.js';

// The adapter runs its own SQLite statements on better-sqlite3 with cached prepared statements: what
// an app observes through TypeORM (its query log, query subscribers, sanitised errors) stays the same.

const STATE = {
  provider: 'google',
  individualId: null,
  codeVerifier: 'verifier-secret-value',
  nonce: 'nonce-value',
  intent: 'signin' as const,
  redirectUrl: null,
  errorRedirectUrl: null,
  newUserRedirectUrl: null,
  payload: null,
  requestSignUp: false,
  createdAt: new Date('2030-01-01T00:00:00.000Z'),
  expiresAt: new Date('2030-01-01T00:10:00.000Z'),
};

function recordingLogger(): Logger & { queries: string[] } {
  const queries: string[] = [];
  return {
    queries,
    logQuery: (query) => void queries.push(query),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
}

const opened: DataSource[] = [];

async function open(extra: { logger?: Logger; subscribers?: (new () => EntitySubscriberInterface)[] } = {}): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    migrations: oauthMigrations(),
    migrationsRun: true,
    logging: extra.logger ? true : false,
    ...extra,
  });
  await dataSource.initialize();
  opened.push(dataSource);
  return dataSource;
}

afterEach(async () => {
  for (const dataSource of opened.splice(0)) await dataSource.destroy();
});

describe('SQLite statements run directly on better-sqlite3', () => {
  it('takes the direct path on a plain DataSource, and still writes the app query log', async () => {
    const logger = recordingLogger();
    const dataSource = await open({ logger });
    expect(directSqliteConnection(dataSource)).not.toBeNull();
    const repository = new TypeOrmOAuthRepository({ dataSource });
    logger.queries.length = 0;

    await repository.createState({ ...STATE, state: 'state-1' });
    const consumed = await repository.consumeState('state-1', new Date('2030-01-01T00:01:00.000Z'));

    expect(consumed?.codeVerifier).toBe('verifier-secret-value');
    expect(logger.queries.map((q) => q.slice(0, 26))).toEqual(['INSERT INTO "oauth_states"', 'DELETE FROM "oauth_states"']);
  });

  it('goes through TypeORM when a subscriber listens for query events', async () => {
    const seen: string[] = [];
    @EventSubscriber()
    class QueryWatcher implements EntitySubscriberInterface {
      afterQuery(event: { query: string }): void {
        seen.push(event.query);
      }
    }
    const dataSource = await open({ subscribers: [QueryWatcher] });
    expect(directSqliteConnection(dataSource)).toBeNull();

    await new TypeOrmOAuthRepository({ dataSource }).createState({ ...STATE, state: 'state-2' });

    expect(seen.some((q) => q.includes('INSERT INTO "oauth_states"'))).toBe(true);
  });

  it('a failing statement surfaces as DatabaseError with the driver code and without its parameters', async () => {
    const dataSource = await open();
    const repository = new TypeOrmOAuthRepository({ dataSource });
    await repository.createIndividual({ email: null, emailVerifiedAt: null, name: null, image: null });
    // A session for an individual that does not exist: the foreign key refuses it.
    const failure = await repository
      .createSession({ tokenHash: 'hash-secret-value', individualId: 'nobody', expiresAt: STATE.expiresAt, ipAddress: null, userAgent: null })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DatabaseError);
    expect((failure as DatabaseError).driverCode).toMatch(/^SQLITE_CONSTRAINT/);
    expect(JSON.stringify(failure)).not.toContain('hash-secret-value');
    expect((failure as Error).message).not.toContain('hash-secret-value');
  });

  it('after the DataSource is closed, no statement runs on the closed connection', async () => {
    const dataSource = await open();
    const repository = new TypeOrmOAuthRepository({ dataSource });
    await dataSource.destroy();
    opened.splice(opened.indexOf(dataSource), 1);

    expect(directSqliteConnection(dataSource)).toBeNull();
    await expect(repository.findIndividualById('x')).rejects.toThrow();
  });
});
