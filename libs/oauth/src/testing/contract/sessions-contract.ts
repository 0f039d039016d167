import { jestApi } from './jest-api.js';
import { MINUTE, at, createIndividual, missingId, unique, type RepositoryAccessor } from './fixtures.js';

export function describeSessionContract(repository: RepositoryAccessor): void {
  const { describe, expect, it } = jestApi();
  describe('sessions', () => {
    it('creates a session and finds it by token hash', async () => {
      const individual = await createIndividual(repository());
      const tokenHash = unique('hash');
      const created = await repository().createSession({
        tokenHash,
        individualId: individual.id,
        expiresAt: at(30 * MINUTE),
        ipAddress: '203.0.113.7',
        userAgent: 'contract-test/1.0',
      });

      expect(typeof created.id).toBe('string');
      expect(created.tokenHash).toBe(tokenHash);
      expect(created.individualId).toBe(individual.id);
      expect(created.expiresAt.getTime()).toBe(at(30 * MINUTE).getTime());
      expect(created.createdAt).toBeInstanceOf(Date);

      const found = await repository().findSessionByTokenHash(tokenHash);
      expect(found?.id).toBe(created.id);
      expect(found?.individualId).toBe(individual.id);
      expect(found?.expiresAt.getTime()).toBe(at(30 * MINUTE).getTime());
      expect(found?.ipAddress).toBe('203.0.113.7');
      expect(found?.userAgent).toBe('contract-test/1.0');
    });

    it('keeps null ip address and user agent', async () => {
      const individual = await createIndividual(repository());
      const tokenHash = unique('hash');
      await repository().createSession({
        tokenHash,
        individualId: individual.id,
        expiresAt: at(MINUTE),
        ipAddress: null,
        userAgent: null,
      });

      const found = await repository().findSessionByTokenHash(tokenHash);
      expect(found).not.toBeNull();
      expect(found?.ipAddress).toBeNull();
      expect(found?.userAgent).toBeNull();
    });

    it('returns null for an unknown token hash', async () => {
      expect(await repository().findSessionByTokenHash(unique('hash'))).toBeNull();
    });

    it('extends a session', async () => {
      const individual = await createIndividual(repository());
      const tokenHash = unique('hash');
      const created = await repository().createSession({
        tokenHash,
        individualId: individual.id,
        expiresAt: at(MINUTE),
        ipAddress: null,
        userAgent: null,
      });

      await repository().extendSession(created.id, at(90 * MINUTE));

      const found = await repository().findSessionByTokenHash(tokenHash);
      expect(found?.expiresAt.getTime()).toBe(at(90 * MINUTE).getTime());
      expect(found?.individualId).toBe(individual.id);
    });

    it('deletes a session, and deleting or extending an unknown one does not throw', async () => {
      const individual = await createIndividual(repository());
      const tokenHash = unique('hash');
      const kept = unique('hash');
      const created = await repository().createSession({
        tokenHash,
        individualId: individual.id,
        expiresAt: at(MINUTE),
        ipAddress: null,
        userAgent: null,
      });
      await repository().createSession({
        tokenHash: kept,
        individualId: individual.id,
        expiresAt: at(MINUTE),
        ipAddress: null,
        userAgent: null,
      });

      await repository().deleteSession(created.id);

      expect(await repository().findSessionByTokenHash(tokenHash)).toBeNull();
      expect(await repository().findSessionByTokenHash(kept)).not.toBeNull();
      await expect(repository().deleteSession(missingId())).resolves.toBeUndefined();
      await expect(repository().extendSession(missingId(), at(MINUTE))).resolves.toBeUndefined();
    });
  });
}
