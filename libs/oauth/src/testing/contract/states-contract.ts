import { jestApi } from './jest-api.js';
import { MINUTE, at, createIndividual, stateRecord, type RepositoryAccessor } from './fixtures.js';

const NESTED_PAYLOAD = {
  returnTo: { path: '/settings', query: ['a', 'b'] },
  flags: [true, false, null],
  count: 3,
  ratio: 0.5,
  missing: null,
  text: 'naïve ✓',
  deep: { list: [{ id: 1, tags: [] }, { id: 2, tags: ['x'] }], empty: {} },
};

export function describeStateContract(repository: RepositoryAccessor): void {
  const { describe, expect, it } = jestApi();
  describe('states', () => {
    it('consumes a state once, returning every field', async () => {
      const individual = await createIndividual(repository());
      const record = stateRecord({
        individualId: individual.id,
        intent: 'link',
        newUserRedirectUrl: 'https://app.example.com/welcome',
        payload: NESTED_PAYLOAD,
        requestSignUp: true,
      });
      await repository().createState(record);

      const consumed = await repository().consumeState(record.state, at(MINUTE));

      expect(consumed).not.toBeNull();
      expect({
        ...consumed,
        createdAt: consumed?.createdAt.getTime(),
        expiresAt: consumed?.expiresAt.getTime(),
      }).toEqual({ ...record, createdAt: record.createdAt.getTime(), expiresAt: record.expiresAt.getTime() });
      expect(await repository().consumeState(record.state, at(MINUTE))).toBeNull();
    });

    it('round-trips null fields and a null payload', async () => {
      const record = stateRecord({ codeVerifier: null, nonce: null, redirectUrl: null, errorRedirectUrl: null });
      await repository().createState(record);

      const consumed = await repository().consumeState(record.state, at(MINUTE));

      expect(consumed?.state).toBe(record.state);
      expect(consumed?.payload).toBeNull();
      expect(consumed?.individualId).toBeNull();
      expect(consumed?.codeVerifier).toBeNull();
      expect(consumed?.nonce).toBeNull();
      expect(consumed?.redirectUrl).toBeNull();
      expect(consumed?.errorRedirectUrl).toBeNull();
      expect(consumed?.requestSignUp).toBe(false);
      expect(consumed?.intent).toBe('signin');
    });

    it('round-trips an array payload', async () => {
      const record = stateRecord({ payload: [1, 'two', { three: [3] }, null] });
      await repository().createState(record);
      expect((await repository().consumeState(record.state, at(MINUTE)))?.payload).toEqual([1, 'two', { three: [3] }, null]);
    });

    it('returns null for an unknown state', async () => {
      expect(await repository().consumeState(stateRecord().state, at(MINUTE))).toBeNull();
    });

    it('does not return an expired state and deletes it', async () => {
      const record = stateRecord({ expiresAt: at(10 * MINUTE) });
      await repository().createState(record);

      expect(await repository().consumeState(record.state, at(11 * MINUTE))).toBeNull();
      // Even a caller whose clock is earlier no longer finds it: the expired row is gone.
      expect(await repository().consumeState(record.state, at(MINUTE))).toBeNull();
    });

    it('hands a state to exactly one of 10 concurrent consumers', async () => {
      const record = stateRecord({ payload: { winner: true } });
      await repository().createState(record);

      const results = await Promise.all(
        Array.from({ length: 10 }, () => repository().consumeState(record.state, at(MINUTE))),
      );

      const winners = results.filter((result) => result !== null);
      expect(winners).toHaveLength(1);
      expect(winners[0]?.payload).toEqual({ winner: true });
    });

    it('purges expired states, returns how many, and leaves live ones', async () => {
      const expiredA = stateRecord({ expiresAt: at(MINUTE) });
      const expiredB = stateRecord({ expiresAt: at(2 * MINUTE) });
      const live = stateRecord({ expiresAt: at(20 * MINUTE) });
      for (const record of [expiredA, expiredB, live]) {
        await repository().createState(record);
      }

      expect(await repository().purgeExpiredStates(at(5 * MINUTE))).toBe(2);
      expect(await repository().purgeExpiredStates(at(5 * MINUTE))).toBe(0);

      expect(await repository().consumeState(expiredA.state, at(0))).toBeNull();
      expect(await repository().consumeState(expiredB.state, at(0))).toBeNull();
      expect((await repository().consumeState(live.state, at(5 * MINUTE)))?.state).toBe(live.state);
    });
  });
}
