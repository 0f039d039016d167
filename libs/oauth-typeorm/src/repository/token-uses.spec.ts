import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { requireMysql } from '../testing/mariadb.js';
import { requirePostgres } from '../testing/postgres.js';
import { databaseTargets, emptyTables } from '../testing/test-databases.js';
import { TypeOrmOAuthRepository } from './typeorm-oauth-repository.js';

// recordTokenUse, contract-style, until the library's contract suite carries it: the replay record
// behind "an ID token is accepted once", shared by every instance on the database (two repository
// instances on the same database stand for two app instances).

const servers = {
  postgres: await requirePostgres('token-uses.spec'),
  mysql: await requireMysql('token-uses.spec'),
};

const T0 = new Date('2030-06-01T12:00:00.000Z');
const MINUTE = 60_000;
const at = (offsetMs: number): Date => new Date(T0.getTime() + offsetMs);
let counter = 0;
const key = (): string => `sha256:${(counter += 1).toString().padStart(8, '0')}`;

describe.each(databaseTargets(servers).map((target) => [target.name, target] as const))(
  'TypeOrmOAuthRepository.recordTokenUse on %s',
  (_name, target) => {
    let dataSource: DataSource;
    let repository: TypeOrmOAuthRepository;

    beforeAll(async () => {
      dataSource = await target.open();
      repository = new TypeOrmOAuthRepository({ dataSource });
    }, 60_000);

    afterAll(() => target.close(), 60_000);

    beforeEach(() => emptyTables(dataSource));

    it('ID-token replay: the first use is granted, a replay while the record lives is refused', async () => {
      const used = key();

      expect(await repository.recordTokenUse(used, at(MINUTE), at(0))).toBe(true);
      expect(await repository.recordTokenUse(used, at(2 * MINUTE), at(30_000))).toBe(false);
      // Still live one millisecond before its expiry.
      expect(await repository.recordTokenUse(used, at(2 * MINUTE), at(MINUTE - 1))).toBe(false);
    });

    it('an expired record counts as absent, and its replacement is live again', async () => {
      const used = key();
      await repository.recordTokenUse(used, at(MINUTE), at(0));

      expect(await repository.recordTokenUse(used, at(3 * MINUTE), at(MINUTE))).toBe(true);
      expect(await repository.recordTokenUse(used, at(4 * MINUTE), at(2 * MINUTE))).toBe(false);
    });

    it('keeps different keys independent, and keys differing only by case are different keys', async () => {
      expect(await repository.recordTokenUse('sha256:AbC', at(MINUTE), at(0))).toBe(true);
      expect(await repository.recordTokenUse('sha256:abc', at(MINUTE), at(0))).toBe(true);
      expect(await repository.recordTokenUse('sha256:abc ', at(MINUTE), at(0))).toBe(true);
    });

    it('accepts keys of 128 characters and refuses longer ones instead of cutting them (prefix-collision attack)', async () => {
      const long = 'k'.repeat(128);

      expect(await repository.recordTokenUse(long, at(MINUTE), at(0))).toBe(true);
      expect(await repository.recordTokenUse(long, at(MINUTE), at(1_000))).toBe(false);
      // Cut to 128, this key would collide with the one above and be refused as a replay.
      await expect(repository.recordTokenUse(`${long}x`, at(MINUTE), at(0))).rejects.toThrow(/longer than 128/);
    });

    it('parallel replay: exactly one of 10 concurrent uses of one key is granted', async () => {
      const used = key();

      const results = await Promise.all(Array.from({ length: 10 }, () => repository.recordTokenUse(used, at(MINUTE), at(0))));

      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('parallel replay after expiry: exactly one of 10 concurrent replacements is granted', async () => {
      const used = key();
      await repository.recordTokenUse(used, at(MINUTE), at(0));

      const results = await Promise.all(
        Array.from({ length: 10 }, () => repository.recordTokenUse(used, at(5 * MINUTE), at(2 * MINUTE))),
      );

      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('cross-instance replay: a use recorded through one repository is refused through another', async () => {
      const used = key();
      const otherInstance = new TypeOrmOAuthRepository({ dataSource });

      const [first, second] = await Promise.all([
        repository.recordTokenUse(used, at(MINUTE), at(0)),
        otherInstance.recordTokenUse(used, at(MINUTE), at(0)),
      ]);

      expect([first, second].filter(Boolean)).toHaveLength(1);
    });

    it('a replay inside a transaction is refused without breaking the transaction', async () => {
      const used = key();
      await repository.recordTokenUse(used, at(MINUTE), at(0));

      const individual = await repository.transaction(async (tx) => {
        expect(await tx.recordTokenUse(used, at(MINUTE), at(0))).toBe(false);
        // PostgreSQL aborts a transaction on a failed statement: the refusal must not be one.
        return tx.createIndividual({ email: 'after-replay@example.com', emailVerifiedAt: null, name: null, image: null });
      });

      expect((await repository.findIndividualById(individual.id))?.email).toBe('after-replay@example.com');
    });
  },
);
