import { jestApi } from './jest-api.js';
import type { OAuthRepository } from '../../persistence/oauth-repository.js';
import { MINUTE, at, createIndividual, fullTokens, unique, type RepositoryAccessor } from './fixtures.js';

/** Leases are taken on real accounts: a SQL implementation may keep them on the account row. */
async function createAccountId(repository: OAuthRepository): Promise<string> {
  const individual = await createIndividual(repository);
  return (await repository.upsertAccount(individual.id, 'google', unique('sub'), fullTokens())).id;
}

export function describeLeaseContract(repository: RepositoryAccessor): void {
  const { describe, expect, it } = jestApi();
  describe('refresh leases', () => {
    it('grants a free lease and refuses another owner while it is live', async () => {
      const accountId = await createAccountId(repository());

      expect(await repository().acquireRefreshLease(accountId, 'owner-a', at(MINUTE), at(0))).toBe(true);
      expect(await repository().acquireRefreshLease(accountId, 'owner-b', at(2 * MINUTE), at(30_000))).toBe(false);
    });

    it('grants the lease to another owner once it has expired', async () => {
      const accountId = await createAccountId(repository());
      await repository().acquireRefreshLease(accountId, 'owner-a', at(MINUTE), at(0));

      expect(await repository().acquireRefreshLease(accountId, 'owner-b', at(3 * MINUTE), at(2 * MINUTE))).toBe(true);
      // The new lease is live and owned by owner-b now.
      expect(await repository().acquireRefreshLease(accountId, 'owner-c', at(4 * MINUTE), at(150_000))).toBe(false);
    });

    it('ignores a release by a non-owner', async () => {
      const accountId = await createAccountId(repository());
      await repository().acquireRefreshLease(accountId, 'owner-a', at(MINUTE), at(0));

      await repository().releaseRefreshLease(accountId, 'owner-b');

      expect(await repository().acquireRefreshLease(accountId, 'owner-c', at(MINUTE), at(1_000))).toBe(false);
    });

    it('frees the lease on release by its owner', async () => {
      const accountId = await createAccountId(repository());
      await repository().acquireRefreshLease(accountId, 'owner-a', at(MINUTE), at(0));

      await repository().releaseRefreshLease(accountId, 'owner-a');

      expect(await repository().acquireRefreshLease(accountId, 'owner-b', at(MINUTE), at(1_000))).toBe(true);
    });

    it('keeps leases of different accounts independent', async () => {
      const first = await createAccountId(repository());
      const second = await createAccountId(repository());

      expect(await repository().acquireRefreshLease(first, 'owner-a', at(MINUTE), at(0))).toBe(true);
      expect(await repository().acquireRefreshLease(second, 'owner-b', at(MINUTE), at(0))).toBe(true);
    });

    it('releasing a lease that was never taken does not throw', async () => {
      const accountId = await createAccountId(repository());
      await expect(repository().releaseRefreshLease(accountId, 'owner-a')).resolves.toBeUndefined();
      expect(await repository().acquireRefreshLease(accountId, 'owner-a', at(MINUTE), at(0))).toBe(true);
    });

    it('grants the lease to exactly one of 10 concurrent owners', async () => {
      const accountId = await createAccountId(repository());

      const results = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          repository().acquireRefreshLease(accountId, `owner-${index}`, at(MINUTE), at(0)),
        ),
      );

      expect(results.filter((granted) => granted)).toHaveLength(1);
    });
  });
}
