import { expect, it } from '@jest/globals';
import { describeOnEveryDatabase, testServers } from '../testing/every-database.js';
import { TypeOrmOAuthRepository } from './typeorm-oauth-repository.js';

// recordTokenUse, contract-style, until the library's contract suite carries it: the replay record
// behind "an ID token is accepted once", shared by every instance on the database (two repository
// instances on the same database stand for two app instances).

const servers = await testServers('token-uses.spec');

const T0 = new Date('2030-06-01T12:00:00.000Z');
const MINUTE = 60_000;
const at = (offsetMs: number): Date => new Date(T0.getTime() + offsetMs);
let counter = 0;
const key = (): string => `sha256:${(counter += 1).toString().padStart(8, '0')}`;

describeOnEveryDatabase('TypeOrmOAuthRepository.recordTokenUse on %s', servers, (db) => {

  it('ID-token replay: the first use is granted, a replay while the record lives is refused', async () => {
    const used = key();

    expect(await db.repository.recordTokenUse(used, at(MINUTE), at(0))).toBe(true);
    expect(await db.repository.recordTokenUse(used, at(2 * MINUTE), at(30_000))).toBe(false);
    // Still live one millisecond before its expiry.
    expect(await db.repository.recordTokenUse(used, at(2 * MINUTE), at(MINUTE - 1))).toBe(false);
  });

  it('an expired record counts as absent, and its replacement is live again', async () => {
    const used = key();
    await db.repository.recordTokenUse(used, at(MINUTE), at(0));

    expect(await db.repository.recordTokenUse(used, at(3 * MINUTE), at(MINUTE))).toBe(true);
    expect(await db.repository.recordTokenUse(used, at(4 * MINUTE), at(2 * MINUTE))).toBe(false);
  });

  it('keeps different keys independent, and keys differing only by case are different keys', async () => {
    expect(await db.repository.recordTokenUse('sha256:AbC', at(MINUTE), at(0))).toBe(true);
    expect(await db.repository.recordTokenUse('sha256:abc', at(MINUTE), at(0))).toBe(true);
    expect(await db.repository.recordTokenUse('sha256:abc ', at(MINUTE), at(0))).toBe(true);
  });

  it('accepts keys of 128 characters and refuses longer ones instead of cutting them (prefix-collision attack)', async () => {
    const long = 'k'.repeat(128);

    expect(await db.repository.recordTokenUse(long, at(MINUTE), at(0))).toBe(true);
    expect(await db.repository.recordTokenUse(long, at(MINUTE), at(1_000))).toBe(false);
    // Cut to 128, this key would collide with the one above and be refused as a replay.
    await expect(db.repository.recordTokenUse(`${long}x`, at(MINUTE), at(0))).rejects.toThrow(/longer than 128/);
  });

  it('parallel replay: exactly one of 10 concurrent uses of one key is granted', async () => {
    const used = key();

    const results = await Promise.all(Array.from({ length: 10 }, () => db.repository.recordTokenUse(used, at(MINUTE), at(0))));

    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('parallel replay after expiry: exactly one of 10 concurrent replacements is granted', async () => {
    const used = key();
    await db.repository.recordTokenUse(used, at(MINUTE), at(0));

    const results = await Promise.all(
      Array.from({ length: 10 }, () => db.repository.recordTokenUse(used, at(5 * MINUTE), at(2 * MINUTE))),
    );

    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('cross-instance replay: a use recorded through one repository is refused through another', async () => {
    const used = key();
    const otherInstance = new TypeOrmOAuthRepository({ dataSource: db.dataSource });

    const [first, second] = await Promise.all([
      db.repository.recordTokenUse(used, at(MINUTE), at(0)),
      otherInstance.recordTokenUse(used, at(MINUTE), at(0)),
    ]);

    expect([first, second].filter(Boolean)).toHaveLength(1);
  });

  it('a replay inside a transaction is refused without breaking the transaction', async () => {
    const used = key();
    await db.repository.recordTokenUse(used, at(MINUTE), at(0));

    const individual = await db.repository.transaction(async (tx) => {
      expect(await tx.recordTokenUse(used, at(MINUTE), at(0))).toBe(false);
      // PostgreSQL aborts a transaction on a failed statement: the refusal must not be one.
      return tx.createIndividual({ email: 'after-replay@example.com', emailVerifiedAt: null, name: null, image: null });
    });

    expect((await db.repository.findIndividualById(individual.id))?.email).toBe('after-replay@example.com');
  });
});
