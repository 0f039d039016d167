import { inspect } from 'node:util';
import { expect, it } from '@jest/globals';
import { OAuthError, type AccountTokenFields, type StateRecord } from '@belgie/nestjs-oauth';
import { DatabaseError } from '../sql/database-error.js';
import { dialectOf } from '../sql/sql-dialect.js';
import { describeOnEveryDatabase, testServers } from '../testing/every-database.js';

// The operations whose correctness depends on the database, not on TypeORM: single winners under
// concurrency, the unique (provider, providerAccountId) constraint, transactions, exact dates.

const servers = await testServers('typeorm-oauth-repository.atomic.spec');

const T0 = new Date('2030-06-01T12:00:00.000Z');
const at = (offsetMs: number): Date => new Date(T0.getTime() + offsetMs);

const TOKENS: AccountTokenFields = {
  accessToken: 'access-1',
  refreshToken: 'refresh-1',
  idToken: 'id-1',
  accessTokenExpiresAt: at(3_600_000),
  refreshTokenExpiresAt: at(86_400_000),
  scope: 'openid email',
  tokenType: 'Bearer',
};

function stateRecord(state: string, overrides: Partial<StateRecord> = {}): StateRecord {
  return {
    state,
    provider: 'dev',
    individualId: null,
    codeVerifier: 'verifier',
    nonce: 'nonce',
    intent: 'signin',
    redirectUrl: '/after',
    errorRedirectUrl: null,
    newUserRedirectUrl: null,
    payload: { returnTo: '/x', list: [1, 2] },
    requestSignUp: true,
    createdAt: T0,
    expiresAt: at(600_000),
    ...overrides,
  };
}

describeOnEveryDatabase('TypeOrmOAuthRepository on %s', servers, (db) => {

  const newIndividual = (email: string | null = null) =>
    db.repository.createIndividual({ email, emailVerifiedAt: null, name: null, image: null });

  it('consumeState: exactly one of 10 parallel callers gets the row', async () => {
    await db.repository.createState(stateRecord('race-state'));

    const results = await Promise.all(Array.from({ length: 10 }, () => db.repository.consumeState('race-state', T0)));

    const winners = results.filter((result) => result !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.payload).toEqual({ returnTo: '/x', list: [1, 2] });
    expect(winners[0]?.requestSignUp).toBe(true);
    expect(await db.repository.consumeState('race-state', T0)).toBeNull();
  });

  it('consumeState: an expired row is deleted and not returned', async () => {
    await db.repository.createState(stateRecord('old-state', { expiresAt: at(1) }));
    await db.repository.createState(stateRecord('live-state', { expiresAt: at(600_000) }));

    expect(await db.repository.consumeState('old-state', at(1))).toBeNull();

    // Gone, not merely hidden: purging at the far future finds only the live row.
    expect(await db.repository.purgeExpiredStates(at(10_000_000))).toBe(1);
  });

  it('acquireRefreshLease: exactly one of 10 parallel owners wins', async () => {
    const individual = await newIndividual();
    const account = await db.repository.upsertAccount(individual.id, 'dev', 'sub-lease', TOKENS);

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        db.repository.acquireRefreshLease(account.id, `owner-${index}`, at(30_000), T0),
      ),
    );

    expect(results.filter(Boolean)).toHaveLength(1);
    // The lease ends exactly at its expiry instant (`<= now` frees it), to the millisecond.
    expect(await db.repository.acquireRefreshLease(account.id, 'late', at(60_000), at(29_999))).toBe(false);
    expect(await db.repository.acquireRefreshLease(account.id, 'late', at(60_000), at(30_000))).toBe(true);
  });

  it('upsertAccount: another individual gets account_already_linked_to_different_user', async () => {
    const owner = await newIndividual();
    const intruder = await newIndividual();
    await db.repository.upsertAccount(owner.id, 'dev', 'sub-1', TOKENS);

    const attempt = db.repository.upsertAccount(intruder.id, 'dev', 'sub-1', TOKENS);

    await expect(attempt).rejects.toBeInstanceOf(OAuthError);
    await expect(attempt).rejects.toMatchObject({ code: 'account_already_linked_to_different_user' });
    expect((await db.repository.findAccount('dev', 'sub-1'))?.individualId).toBe(owner.id);
  });

  it('upsertAccount: of two individuals racing for a new identity, exactly one links it', async () => {
    const first = await newIndividual();
    const second = await newIndividual();

    const results = await Promise.allSettled([
      db.repository.upsertAccount(first.id, 'dev', 'sub-race', TOKENS),
      db.repository.upsertAccount(second.id, 'dev', 'sub-race', TOKENS),
    ]);

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected');
    expect(rejected?.reason).toMatchObject({ code: 'account_already_linked_to_different_user' });
  });

  it('upsertAccount conflict inside a transaction leaves the transaction usable (no aborted INSERT)', async () => {
    const individual = await newIndividual();
    await db.repository.upsertAccount(individual.id, 'dev', 'sub-tx', TOKENS);

    const session = await db.repository.transaction(async (tx) => {
      const account = await tx.upsertAccount(individual.id, 'dev', 'sub-tx', { ...TOKENS, accessToken: 'access-2', refreshToken: null });
      expect(account.accessToken).toBe('access-2');
      expect(account.refreshToken).toBe('refresh-1');
      return tx.createSession({ tokenHash: 'hash-tx', individualId: individual.id, expiresAt: at(1), ipAddress: null, userAgent: null });
    });

    expect((await db.repository.findSessionByTokenHash('hash-tx'))?.id).toBe(session.id);
  });

  it('transaction: a failing transaction rolls back only its own writes, not concurrent ones', async () => {
    let signalInside: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => {
      signalInside = resolve;
    });

    const failing = db.repository.transaction(async (tx) => {
      await tx.createIndividual({ email: 'rolled-back@example.com', emailVerifiedAt: null, name: null, image: null });
      signalInside();
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('boom');
    });
    await inside;
    // Issued while the transaction is open: on SQLite's single shared connection this must not
    // join (and be rolled back with) the failing transaction.
    const outside = newIndividual('kept@example.com');

    await expect(failing).rejects.toThrow('boom');
    await outside;
    expect(await db.repository.findIndividualByEmail('rolled-back@example.com')).toBeNull();
    expect(await db.repository.findIndividualByEmail('KEPT@example.com')).not.toBeNull();
  });

  it('nested transaction: a failing inner block rolls back only itself', async () => {
    const kept = await db.repository.transaction(async (tx) => {
      const outer = await tx.createIndividual({ email: 'outer@example.com', emailVerifiedAt: null, name: null, image: null });
      await expect(
        tx.transaction(async (inner) => {
          await inner.createIndividual({ email: 'inner@example.com', emailVerifiedAt: null, name: null, image: null });
          throw new Error('inner failure');
        }),
      ).rejects.toThrow('inner failure');
      return outer;
    });

    expect((await db.repository.findIndividualById(kept.id))?.email).toBe('outer@example.com');
    expect(await db.repository.findIndividualByEmail('inner@example.com')).toBeNull();
  });

  it('dates round-trip to the millisecond, whatever the process time zone', async () => {
    const previousTz = process.env['TZ'];
    process.env['TZ'] = 'Pacific/Chatham'; // UTC+12:45/+13:45: any local-time bug shows
    try {
      const verified = new Date('2031-02-03T04:05:06.789Z');
      const individual = await db.repository.createIndividual({ email: 'tz@example.com', emailVerifiedAt: verified, name: null, image: null });
      const account = await db.repository.upsertAccount(individual.id, 'dev', 'sub-tz', {
        ...TOKENS,
        accessTokenExpiresAt: new Date('2031-07-08T09:10:11.012Z'),
        refreshTokenExpiresAt: new Date('2031-12-31T23:59:59.999Z'),
      });
      await db.repository.createSession({ tokenHash: 'hash-tz', individualId: individual.id, expiresAt: new Date('2031-01-01T00:00:00.001Z'), ipAddress: '::1', userAgent: 'jest' });
      await db.repository.createState(stateRecord('tz-state', { createdAt: new Date('2031-03-04T05:06:07.008Z'), expiresAt: new Date('2031-03-04T05:16:07.009Z') }));

      expect((await db.repository.findIndividualById(individual.id))?.emailVerifiedAt?.toISOString()).toBe('2031-02-03T04:05:06.789Z');
      const stored = await db.repository.findAccountById(account.id);
      expect(stored?.accessTokenExpiresAt?.toISOString()).toBe('2031-07-08T09:10:11.012Z');
      expect(stored?.refreshTokenExpiresAt?.toISOString()).toBe('2031-12-31T23:59:59.999Z');
      expect(stored?.createdAt.getTime()).toBe(account.createdAt.getTime());
      expect((await db.repository.findSessionByTokenHash('hash-tz'))?.expiresAt.toISOString()).toBe('2031-01-01T00:00:00.001Z');
      const state = await db.repository.consumeState('tz-state', new Date('2031-03-04T05:06:07.008Z'));
      expect(state?.createdAt.toISOString()).toBe('2031-03-04T05:06:07.008Z');
      expect(state?.expiresAt.toISOString()).toBe('2031-03-04T05:16:07.009Z');
    } finally {
      if (previousTz === undefined) delete process.env['TZ'];
      else process.env['TZ'] = previousTz;
    }
  });

  it('findSessionWithIndividual: one join gives what the two lookups give; null for an unknown hash', async () => {
    const individual = await db.repository.createIndividual({ email: 'Join@Example.com', emailVerifiedAt: at(5), name: 'J', image: null });
    await db.repository.createSession({ tokenHash: 'hash-join', individualId: individual.id, expiresAt: at(7), ipAddress: '::1', userAgent: 'ua' });

    const joined = await db.repository.findSessionWithIndividual('hash-join');

    expect(joined?.session).toEqual(await db.repository.findSessionByTokenHash('hash-join'));
    expect(joined?.individual).toEqual(await db.repository.findIndividualById(individual.id));
    expect(await db.repository.findSessionWithIndividual('no-such-hash')).toBeNull();
  });

  it('deleting an individual cascades to its sessions and accounts (foreign keys are on)', async () => {
    const individual = await newIndividual();
    const account = await db.repository.upsertAccount(individual.id, 'dev', 'sub-cascade', TOKENS);
    await db.repository.createSession({ tokenHash: 'hash-cascade', individualId: individual.id, expiresAt: at(1), ipAddress: null, userAgent: null });

    const { quote, placeholder } = dialectOf(db.dataSource);
    await db.dataSource.query(`DELETE FROM ${quote('individuals')} WHERE ${quote('id')} = ${placeholder(1)}`, [individual.id]);

    expect(await db.repository.findAccountById(account.id)).toBeNull();
    expect(await db.repository.findSessionByTokenHash('hash-cascade')).toBeNull();
  });

  it('rejects an account for a missing individual with an error that carries no token', async () => {
    const error = await db.repository
      .upsertAccount('00000000-0000-4000-8000-000000000000', 'dev', 'sub-orphan', TOKENS)
      .then(() => null, (reason: unknown) => reason);

    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ message: expect.stringMatching(/foreign key/i) });
    // QueryFailedError would have kept the SQL parameters; console.error(error) must not print tokens.
    expect(inspect(error, { depth: 5 })).not.toMatch(/access-1|refresh-1|id-1/);
    expect(await db.repository.findAccount('dev', 'sub-orphan')).toBeNull();
  });

  it('createState rejects a duplicate state without naming it', async () => {
    await db.repository.createState(stateRecord('dup-state-value'));

    const error = await db.repository.createState(stateRecord('dup-state-value')).then(() => null, (reason: unknown) => reason);

    expect(error).toEqual(new Error('oauth state already exists'));
    expect(inspect(error, { depth: 5 })).not.toContain('dup-state-value');
  });
  it('a unique violation surfaces as DatabaseError without the value (MySQL quotes it in its message)', async () => {
    const individual = await db.repository.createIndividual({ email: null, emailVerifiedAt: null, name: null, image: null });
    const session = { tokenHash: 'secret-session-hash-value', individualId: individual.id, expiresAt: at(1), ipAddress: null, userAgent: null };
    await db.repository.createSession(session);

    const error = await db.repository.createSession(session).then(() => null, (reason: unknown) => reason);

    expect(error).toBeInstanceOf(DatabaseError);
    expect(inspect(error, { depth: 5 })).not.toContain('secret-session-hash-value');
    if (dialectOf(db.dataSource).name === 'mysql') {
      expect(error).toMatchObject({ message: expect.stringMatching(/^Duplicate entry \(value removed\) for key/) });
    }
  });
});
