import { describe, expect, it } from '@jest/globals';
import type { AccountTokenFields, StateRecord } from '../persistence/records.js';
import { stateFixture } from '../state/state.spec-support.js';
import { InMemoryOAuthRepository } from './in-memory-oauth-repository.js';
import { describeOAuthRepositoryContract } from './repository-contract.js';
import { TestClock } from './test-clock.js';

describeOAuthRepositoryContract('in-memory', async () => ({ repository: new InMemoryOAuthRepository() }));

const START = new Date('2030-01-01T00:00:00.000Z');

const TOKENS: AccountTokenFields = {
  accessToken: 'access',
  refreshToken: 'refresh',
  idToken: null,
  accessTokenExpiresAt: new Date('2030-01-01T01:00:00.000Z'),
  refreshTokenExpiresAt: null,
  scope: 'openid',
  tokenType: 'Bearer',
};

function state(overrides: Partial<StateRecord> = {}): StateRecord {
  return stateFixture({ createdAt: START, expiresAt: new Date(START.getTime() + 60_000), ...overrides });
}

function person(email: string) {
  return { email, emailVerifiedAt: null, name: 'Ada', image: null };
}

describe('InMemoryOAuthRepository', () => {
  it('counts rows per table', async () => {
    const repository = new InMemoryOAuthRepository();
    expect(repository.counts()).toEqual({ individuals: 0, sessions: 0, accounts: 0, states: 0 });

    const individual = await repository.createIndividual(person('ada@example.com'));
    await repository.createSession({
      tokenHash: 'hash',
      individualId: individual.id,
      expiresAt: START,
      ipAddress: null,
      userAgent: null,
    });
    await repository.upsertAccount(individual.id, 'google', 'sub-1', TOKENS);
    await repository.createState(state());
    expect(repository.counts()).toEqual({ individuals: 1, sessions: 1, accounts: 1, states: 1 });

    await repository.consumeState('state-1', START);
    await repository.deleteAccount(individual.id, 'google', 'sub-1');
    expect(repository.counts()).toEqual({ individuals: 1, sessions: 1, accounts: 0, states: 0 });
  });

  it('isolates stored rows from objects handed in and out', async () => {
    const repository = new InMemoryOAuthRepository();
    const input = person('ada@example.com');
    const created = await repository.createIndividual(input);
    input.name = 'changed input';
    created.name = 'changed output';
    created.scopes.push('admin');

    const tokens = { ...TOKENS, accessTokenExpiresAt: new Date(START.getTime()) };
    const account = await repository.upsertAccount(created.id, 'google', 'sub-1', tokens);
    tokens.accessTokenExpiresAt.setTime(0);
    account.accessTokenExpiresAt?.setTime(0);

    const payload = { nested: { list: [1, 2] } };
    await repository.createState(state({ payload }));
    payload.nested.list.push(3);

    const found = await repository.findIndividualById(created.id);
    expect(found?.name).toBe('Ada');
    expect(found?.scopes).toEqual([]);
    expect((await repository.findAccountById(account.id))?.accessTokenExpiresAt?.getTime()).toBe(START.getTime());
    expect((await repository.consumeState('state-1', START))?.payload).toEqual({ nested: { list: [1, 2] } });
  });

  it('stores the payload as JSON would', async () => {
    const repository = new InMemoryOAuthRepository();
    await repository.createState(state({ payload: { at: START, gone: undefined } }));
    expect((await repository.consumeState('state-1', START))?.payload).toEqual({ at: '2030-01-01T00:00:00.000Z' });
  });

  it('refuses a duplicate state without revealing it', async () => {
    const repository = new InMemoryOAuthRepository();
    await repository.createState(state({ state: 'secret-state-value' }));
    const rejection = repository.createState(state({ state: 'secret-state-value' }));
    await expect(rejection).rejects.toThrow('oauth state already exists');
    await expect(rejection).rejects.not.toThrow('secret-state-value');
  });

  it('takes createdAt and updatedAt from the clock', async () => {
    const clock = new TestClock(START);
    const repository = new InMemoryOAuthRepository({ clock });
    const individual = await repository.createIndividual(person('ada@example.com'));
    clock.advance(5_000);
    const updated = await repository.updateIndividual(individual.id, { name: 'Grace' });

    expect(individual.createdAt.getTime()).toBe(START.getTime());
    expect(updated?.createdAt.getTime()).toBe(START.getTime());
    expect(updated?.updatedAt.getTime()).toBe(START.getTime() + 5_000);
  });

  it('orders accounts created at the same instant by id', async () => {
    const repository = new InMemoryOAuthRepository({ clock: new TestClock(START) });
    const individual = await repository.createIndividual(person('ada@example.com'));
    const ids: string[] = [];
    for (const subject of ['a', 'b', 'c', 'd']) {
      ids.push((await repository.upsertAccount(individual.id, 'google', subject, TOKENS)).id);
    }
    const listed = await repository.listAccounts(individual.id, 'google');
    expect(listed.map((account) => account.id)).toEqual([...ids].sort());
  });

  it('lets the lease owner re-acquire (extend) its own live lease', async () => {
    const repository = new InMemoryOAuthRepository();
    const later = new Date(START.getTime() + 120_000);
    expect(await repository.acquireRefreshLease('account-1', 'owner-a', new Date(START.getTime() + 60_000), START)).toBe(true);
    expect(await repository.acquireRefreshLease('account-1', 'owner-a', later, START)).toBe(true);
    expect(repository.refreshLeaseOf('account-1')).toEqual({ owner: 'owner-a', expiresAt: later });
    await repository.releaseRefreshLease('account-1', 'owner-a');
    expect(repository.refreshLeaseOf('account-1')).toBeNull();
  });

  it('drops the lease of a deleted account', async () => {
    const repository = new InMemoryOAuthRepository();
    const individual = await repository.createIndividual(person('ada@example.com'));
    const account = await repository.upsertAccount(individual.id, 'google', 'sub-1', TOKENS);
    await repository.acquireRefreshLease(account.id, 'owner-a', new Date(START.getTime() + 60_000), START);
    await repository.deleteAccount(individual.id, 'google', 'sub-1');
    expect(repository.refreshLeaseOf(account.id)).toBeNull();
  });

  it('serialises concurrent transactions', async () => {
    const repository = new InMemoryOAuthRepository();
    const events: string[] = [];
    const run = (label: string) =>
      repository.transaction(async () => {
        events.push(`${label}:start`);
        await new Promise((resolve) => setTimeout(resolve, 10));
        events.push(`${label}:end`);
      });

    await Promise.all([run('a'), run('b')]);
    expect(events).toEqual(['a:start', 'a:end', 'b:start', 'b:end']);
  });

  it('keeps running transactions after one fails', async () => {
    const repository = new InMemoryOAuthRepository();
    const failed = repository.transaction(async () => {
      throw new Error('boom');
    });
    const next = repository.transaction(async (tx) => (await tx.createIndividual(person('a@example.com'))).id);
    await expect(failed).rejects.toThrow('boom');
    expect(await repository.findIndividualById(await next)).not.toBeNull();
  });

  it('runs a nested transaction without deadlock, rolling back only the inner work', async () => {
    const repository = new InMemoryOAuthRepository();
    const outerId = await repository.transaction(async (tx) => {
      const outer = await tx.createIndividual(person('outer@example.com'));
      await tx
        .transaction(async (inner) => {
          await inner.createIndividual(person('inner@example.com'));
          throw new Error('inner failed');
        })
        .catch(() => undefined);
      return outer.id;
    });

    expect(await repository.findIndividualById(outerId)).not.toBeNull();
    expect(await repository.findIndividualByEmail('inner@example.com')).toBeNull();
    expect(repository.counts().individuals).toBe(1);
  });
});
