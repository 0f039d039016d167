import { jestApi } from './jest-api.js';
import { OAuthError } from '../../errors/oauth-error.js';
import type { OAuthRepository } from '../../persistence/oauth-repository.js';
import { MINUTE, at, createIndividual, fullTokens, newIndividual, unique, type RepositoryAccessor } from './fixtures.js';

/** Writes what a first sign-in writes: individual, account, session (port-decisions "Persistence semantics"). */
async function writeSignIn(
  repository: OAuthRepository,
  email: string,
  subjectId: string,
  tokenHash: string,
): Promise<string> {
  const individual = await repository.createIndividual(newIndividual({ email }));
  await repository.upsertAccount(individual.id, 'google', subjectId, fullTokens());
  await repository.createSession({
    tokenHash,
    individualId: individual.id,
    expiresAt: at(30 * MINUTE),
    ipAddress: null,
    userAgent: null,
  });
  return individual.id;
}

export function describeTransactionContract(repository: RepositoryAccessor): void {
  const { describe, expect, it } = jestApi();
  describe('transactions', () => {
    it('commits everything written by work and returns its result', async () => {
      const email = `${unique('tx')}@example.com`;
      const subjectId = unique('sub');
      const tokenHash = unique('hash');

      const individualId = await repository().transaction((tx) => writeSignIn(tx, email, subjectId, tokenHash));

      expect((await repository().findIndividualById(individualId))?.email).toBe(email);
      expect((await repository().findAccount('google', subjectId))?.individualId).toBe(individualId);
      expect((await repository().findSessionByTokenHash(tokenHash))?.individualId).toBe(individualId);
    });

    it('sees its own writes inside work', async () => {
      const email = `${unique('tx')}@example.com`;
      const seen = await repository().transaction(async (tx) => {
        const individual = await tx.createIndividual(newIndividual({ email }));
        return (await tx.findIndividualByEmail(email))?.id === individual.id;
      });
      expect(seen).toBe(true);
    });

    it('rolls back every write when work throws, and rethrows the same error', async () => {
      const email = `${unique('tx')}@example.com`;
      const subjectId = unique('sub');
      const tokenHash = unique('hash');
      const failure = new Error('work failed after writing');
      let individualId = '';

      const rejection = repository().transaction(async (tx) => {
        individualId = await writeSignIn(tx, email, subjectId, tokenHash);
        throw failure;
      });

      await expect(rejection).rejects.toBe(failure);
      expect(individualId).not.toBe('');
      expect(await repository().findIndividualById(individualId)).toBeNull();
      expect(await repository().findIndividualByEmail(email)).toBeNull();
      expect(await repository().findAccount('google', subjectId)).toBeNull();
      expect(await repository().findSessionByTokenHash(tokenHash)).toBeNull();
    });

    it('leaves no orphan individual when the account upsert conflicts', async () => {
      const owner = await createIndividual(repository());
      const subjectId = unique('sub');
      await repository().upsertAccount(owner.id, 'google', subjectId, fullTokens());
      const email = `${unique('orphan')}@example.com`;

      const rejection = repository().transaction(async (tx) => {
        const individual = await tx.createIndividual(newIndividual({ email }));
        return tx.upsertAccount(individual.id, 'google', subjectId, fullTokens());
      });

      await expect(rejection).rejects.toBeInstanceOf(OAuthError);
      await expect(rejection).rejects.toMatchObject({ code: 'account_already_linked_to_different_user' });
      expect(await repository().findIndividualByEmail(email)).toBeNull();
      expect((await repository().findAccount('google', subjectId))?.individualId).toBe(owner.id);
    });

    it('rolls back updates of rows that existed before the transaction', async () => {
      const individual = await createIndividual(repository(), { name: 'Before' });
      const account = await repository().upsertAccount(individual.id, 'google', unique('sub'), fullTokens());

      const rejection = repository().transaction(async (tx) => {
        await tx.updateIndividual(individual.id, { name: 'After' });
        await tx.updateAccountTokens(account.id, fullTokens({ accessToken: 'access-in-tx' }));
        throw new Error('abort');
      });

      await expect(rejection).rejects.toThrow('abort');
      expect((await repository().findIndividualById(individual.id))?.name).toBe('Before');
      expect((await repository().findAccountById(account.id))?.accessToken).toBe('access-1');
    });
  });
}
