import { jestApi } from './jest-api.js';
import { OAuthError } from '../../errors/oauth-error.js';
import {
  MINUTE,
  NULL_TOKENS,
  at,
  createIndividual,
  fullTokens,
  missingId,
  sleep,
  tokenView,
  unique,
  type RepositoryAccessor,
} from './fixtures.js';

/** Enough for any clock with millisecond resolution to tell creations apart. */
const CREATION_GAP_MS = 25;

export function describeAccountContract(repository: RepositoryAccessor): void {
  const { describe, expect, it } = jestApi();
  describe('accounts', () => {
    it('upsert creates an account with all seven token fields', async () => {
      const individual = await createIndividual(repository());
      const subjectId = unique('sub');
      const created = await repository().upsertAccount(individual.id, 'google', subjectId, fullTokens());

      expect(typeof created.id).toBe('string');
      expect(created.individualId).toBe(individual.id);
      expect(created.provider).toBe('google');
      expect(created.providerAccountId).toBe(subjectId);
      expect(tokenView(created)).toEqual(tokenView(fullTokens()));
      expect(created.createdAt).toBeInstanceOf(Date);
      expect(created.updatedAt).toBeInstanceOf(Date);

      const found = await repository().findAccount('google', subjectId);
      expect(found?.id).toBe(created.id);
      expect(tokenView(found ?? NULL_TOKENS)).toEqual(tokenView(fullTokens()));
    });

    it('upsert creates an account whose token fields are all null', async () => {
      const individual = await createIndividual(repository());
      const subjectId = unique('sub');
      await repository().upsertAccount(individual.id, 'google', subjectId, NULL_TOKENS);

      const found = await repository().findAccount('google', subjectId);
      expect(found).not.toBeNull();
      expect(tokenView(found ?? fullTokens())).toEqual(tokenView(NULL_TOKENS));
    });

    it('upsert by the same individual updates the tokens and keeps stored values for nulls', async () => {
      const individual = await createIndividual(repository());
      const subjectId = unique('sub');
      const created = await repository().upsertAccount(individual.id, 'google', subjectId, fullTokens());

      const updated = await repository().upsertAccount(individual.id, 'google', subjectId, {
        ...NULL_TOKENS,
        accessToken: 'access-2',
        accessTokenExpiresAt: at(120 * MINUTE),
      });

      const expected = tokenView(
        fullTokens({ accessToken: 'access-2', accessTokenExpiresAt: at(120 * MINUTE) }),
      );
      expect(updated.id).toBe(created.id);
      expect(tokenView(updated)).toEqual(expected);
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.createdAt.getTime());
      expect(tokenView((await repository().findAccountById(created.id)) ?? NULL_TOKENS)).toEqual(expected);
      expect(await repository().listAccounts(individual.id, 'google')).toHaveLength(1);
    });

    it('upsert by another individual throws account_already_linked_to_different_user and changes nothing', async () => {
      const owner = await createIndividual(repository());
      const intruder = await createIndividual(repository());
      const subjectId = unique('sub');
      const created = await repository().upsertAccount(owner.id, 'google', subjectId, fullTokens());

      const error: unknown = await repository()
        .upsertAccount(intruder.id, 'google', subjectId, fullTokens({ accessToken: 'stolen' }))
        .then(
          () => undefined,
          (reason: unknown) => reason,
        );

      expect(error).toBeInstanceOf(OAuthError);
      expect((error as OAuthError).code).toBe('account_already_linked_to_different_user');
      const found = await repository().findAccount('google', subjectId);
      expect(found?.id).toBe(created.id);
      expect(found?.individualId).toBe(owner.id);
      expect(found?.accessToken).toBe('access-1');
      expect(await repository().listAccounts(intruder.id, 'google')).toEqual([]);
    });

    it('treats the same subject at another provider as a different account', async () => {
      const first = await createIndividual(repository());
      const second = await createIndividual(repository());
      const subjectId = unique('sub');
      const google = await repository().upsertAccount(first.id, 'google', subjectId, fullTokens());
      const microsoft = await repository().upsertAccount(second.id, 'microsoft', subjectId, fullTokens());

      expect(google.id).not.toBe(microsoft.id);
      expect((await repository().findAccount('microsoft', subjectId))?.individualId).toBe(second.id);
    });

    it('finds accounts by provider identity, by id and for an individual', async () => {
      const owner = await createIndividual(repository());
      const other = await createIndividual(repository());
      const subjectId = unique('sub');
      const created = await repository().upsertAccount(owner.id, 'google', subjectId, fullTokens());

      expect((await repository().findAccount('google', subjectId))?.id).toBe(created.id);
      expect(await repository().findAccount('google', unique('sub'))).toBeNull();
      expect(await repository().findAccount('microsoft', subjectId)).toBeNull();

      const byId = await repository().findAccountById(created.id);
      expect(byId?.providerAccountId).toBe(subjectId);
      expect(await repository().findAccountById(missingId())).toBeNull();

      expect((await repository().findAccountForIndividual(owner.id, 'google', subjectId))?.id).toBe(created.id);
      expect(await repository().findAccountForIndividual(other.id, 'google', subjectId)).toBeNull();
      expect(await repository().findAccountForIndividual(owner.id, 'google', unique('sub'))).toBeNull();
    });

    it('lists the accounts of one individual at one provider in creation order', async () => {
      const individual = await createIndividual(repository());
      const other = await createIndividual(repository());
      const subjects = [unique('sub-a'), unique('sub-b'), unique('sub-c')];
      const ids: string[] = [];
      for (const subjectId of subjects) {
        ids.push((await repository().upsertAccount(individual.id, 'google', subjectId, fullTokens())).id);
        await sleep(CREATION_GAP_MS);
      }
      await repository().upsertAccount(individual.id, 'microsoft', unique('sub'), fullTokens());
      await repository().upsertAccount(other.id, 'google', unique('sub'), fullTokens());

      const listed = await repository().listAccounts(individual.id, 'google');

      expect(listed.map((account) => account.id)).toEqual(ids);
      expect(listed.map((account) => account.providerAccountId)).toEqual(subjects);
      expect(listed.every((account) => account.individualId === individual.id)).toBe(true);
      expect(await repository().listAccounts(individual.id, 'github')).toEqual([]);
    });

    it('updateAccountTokens keeps stored values for nulls and overwrites the rest', async () => {
      const individual = await createIndividual(repository());
      const created = await repository().upsertAccount(individual.id, 'google', unique('sub'), fullTokens());

      const updated = await repository().updateAccountTokens(created.id, {
        ...NULL_TOKENS,
        refreshToken: 'refresh-2',
        scope: 'openid',
        refreshTokenExpiresAt: at(48 * 60 * MINUTE),
      });

      const expected = tokenView(
        fullTokens({ refreshToken: 'refresh-2', scope: 'openid', refreshTokenExpiresAt: at(48 * 60 * MINUTE) }),
      );
      expect(updated?.id).toBe(created.id);
      expect(tokenView(updated ?? NULL_TOKENS)).toEqual(expected);
      expect(tokenView((await repository().findAccountById(created.id)) ?? NULL_TOKENS)).toEqual(expected);
    });

    it('updateAccountTokens returns null for an unknown account', async () => {
      expect(await repository().updateAccountTokens(missingId(), fullTokens())).toBeNull();
    });

    it('deleteAccount removes only that individual’s account and reports whether it did', async () => {
      const owner = await createIndividual(repository());
      const other = await createIndividual(repository());
      const subjectId = unique('sub');
      const keptSubject = unique('sub');
      await repository().upsertAccount(owner.id, 'google', subjectId, fullTokens());
      await repository().upsertAccount(owner.id, 'google', keptSubject, fullTokens());

      expect(await repository().deleteAccount(other.id, 'google', subjectId)).toBe(false);
      expect(await repository().findAccount('google', subjectId)).not.toBeNull();

      expect(await repository().deleteAccount(owner.id, 'google', subjectId)).toBe(true);
      expect(await repository().findAccount('google', subjectId)).toBeNull();
      expect(await repository().findAccount('google', keptSubject)).not.toBeNull();

      expect(await repository().deleteAccount(owner.id, 'google', subjectId)).toBe(false);
    });

    it('lets a deleted provider identity be linked to another individual', async () => {
      const first = await createIndividual(repository());
      const second = await createIndividual(repository());
      const subjectId = unique('sub');
      await repository().upsertAccount(first.id, 'google', subjectId, fullTokens());
      await repository().deleteAccount(first.id, 'google', subjectId);

      const relinked = await repository().upsertAccount(second.id, 'google', subjectId, fullTokens());
      expect(relinked.individualId).toBe(second.id);
    });
  });
}
