import { jestApi } from './jest-api.js';
import { MINUTE, at, unique, type RepositoryAccessor } from './fixtures.js';

/** A key of the longest allowed length (128 characters), like a hex SHA-512 or a prefixed SHA-256. */
function longKey(): string {
  return unique('use').padEnd(128, 'k').slice(0, 128);
}

/** `recordTokenUse`: the replay record behind "an ID token is accepted once, across all instances". */
export function describeTokenUseContract(repository: RepositoryAccessor): void {
  const { describe, expect, it } = jestApi();
  describe('token uses (replay records)', () => {
    it('grants the first use and refuses a replay while the record is live', async () => {
      const key = unique('use');

      expect(await repository().recordTokenUse(key, at(MINUTE), at(0))).toBe(true);
      expect(await repository().recordTokenUse(key, at(2 * MINUTE), at(30_000))).toBe(false);
    });

    it('treats an expired record as absent, and the replacement is live again', async () => {
      const key = unique('use');
      await repository().recordTokenUse(key, at(MINUTE), at(0));

      expect(await repository().recordTokenUse(key, at(3 * MINUTE), at(MINUTE))).toBe(true);
      expect(await repository().recordTokenUse(key, at(4 * MINUTE), at(2 * MINUTE))).toBe(false);
    });

    it('keeps different keys independent', async () => {
      expect(await repository().recordTokenUse(unique('use'), at(MINUTE), at(0))).toBe(true);
      expect(await repository().recordTokenUse(unique('use'), at(MINUTE), at(0))).toBe(true);
    });

    it('accepts keys of 128 characters', async () => {
      const key = longKey();
      expect(key).toHaveLength(128);

      expect(await repository().recordTokenUse(key, at(MINUTE), at(0))).toBe(true);
      expect(await repository().recordTokenUse(key, at(MINUTE), at(1_000))).toBe(false);
    });

    it('grants exactly one of 10 parallel consumers of the same key', async () => {
      const key = unique('use');

      const results = await Promise.all(Array.from({ length: 10 }, () => repository().recordTokenUse(key, at(MINUTE), at(0))));

      expect(results.filter((granted) => granted)).toHaveLength(1);
    });

    it('grants exactly one of 10 parallel consumers replacing the same expired record', async () => {
      const key = unique('use');
      await repository().recordTokenUse(key, at(MINUTE), at(0));

      const results = await Promise.all(
        Array.from({ length: 10 }, () => repository().recordTokenUse(key, at(5 * MINUTE), at(2 * MINUTE))),
      );

      expect(results.filter((granted) => granted)).toHaveLength(1);
    });
  });
}
