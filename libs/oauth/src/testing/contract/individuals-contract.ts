import { jestApi } from './jest-api.js';
import { MINUTE, at, createIndividual, missingId, unique, type RepositoryAccessor } from './fixtures.js';

export function describeIndividualContract(repository: RepositoryAccessor): void {
  const { describe, expect, it } = jestApi();
  describe('individuals', () => {
    it('creates an individual with every field and no scopes', async () => {
      const email = `${unique('grace')}@example.com`;
      const created = await repository().createIndividual({
        email,
        emailVerifiedAt: at(-MINUTE),
        name: 'Grace Hopper',
        image: 'https://images.example.com/grace.png',
      });

      expect(typeof created.id).toBe('string');
      expect(created.id.length).toBeGreaterThan(0);
      expect(created.email).toBe(email);
      expect(created.emailVerifiedAt?.getTime()).toBe(at(-MINUTE).getTime());
      expect(created.name).toBe('Grace Hopper');
      expect(created.image).toBe('https://images.example.com/grace.png');
      expect(created.scopes).toEqual([]);
      expect(created.createdAt).toBeInstanceOf(Date);
      expect(created.updatedAt).toBeInstanceOf(Date);
    });

    it('keeps null optional fields', async () => {
      const created = await createIndividual(repository(), { emailVerifiedAt: null, name: null, image: null });
      const found = await repository().findIndividualById(created.id);

      expect(found).not.toBeNull();
      expect(found?.emailVerifiedAt).toBeNull();
      expect(found?.name).toBeNull();
      expect(found?.image).toBeNull();
    });

    it('gives distinct ids', async () => {
      const first = await createIndividual(repository());
      const second = await createIndividual(repository());
      expect(first.id).not.toBe(second.id);
    });

    it('finds by id, and returns null for an unknown id', async () => {
      const created = await createIndividual(repository());
      const found = await repository().findIndividualById(created.id);

      expect(found?.id).toBe(created.id);
      expect(found?.email).toBe(created.email);
      expect(found?.createdAt.getTime()).toBe(created.createdAt.getTime());
      expect(await repository().findIndividualById(missingId())).toBeNull();
    });

    it('finds by email case-insensitively', async () => {
      const local = unique('Mixed.Case');
      const created = await createIndividual(repository(), { email: `${local}@Example.COM` });

      expect((await repository().findIndividualByEmail(`${local}@Example.COM`))?.id).toBe(created.id);
      expect((await repository().findIndividualByEmail(`${local}@example.com`.toLowerCase()))?.id).toBe(created.id);
      expect((await repository().findIndividualByEmail(`${local}@EXAMPLE.COM`.toUpperCase()))?.id).toBe(created.id);
      expect(await repository().findIndividualByEmail(`${unique('nobody')}@example.com`)).toBeNull();
    });

    it('updates only the keys present in the patch', async () => {
      const created = await createIndividual(repository());
      const updated = await repository().updateIndividual(created.id, { name: 'Countess of Lovelace' });

      expect(updated?.id).toBe(created.id);
      expect(updated?.name).toBe('Countess of Lovelace');
      expect(updated?.email).toBe(created.email);
      expect(updated?.image).toBe(created.image);
      expect(updated?.emailVerifiedAt?.getTime()).toBe(created.emailVerifiedAt?.getTime());
      expect(updated?.updatedAt.getTime()).toBeGreaterThanOrEqual(created.createdAt.getTime());

      const found = await repository().findIndividualById(created.id);
      expect(found?.name).toBe('Countess of Lovelace');
      expect(found?.image).toBe(created.image);
    });

    it('clears a field on an explicit null and changes the email it is found by', async () => {
      const created = await createIndividual(repository());
      const newEmail = `${unique('renamed')}@example.com`;
      const updated = await repository().updateIndividual(created.id, {
        image: null,
        emailVerifiedAt: null,
        email: newEmail,
      });

      expect(updated?.image).toBeNull();
      expect(updated?.emailVerifiedAt).toBeNull();
      expect(updated?.name).toBe(created.name);
      expect((await repository().findIndividualByEmail(newEmail))?.id).toBe(created.id);
      expect(await repository().findIndividualByEmail(created.email ?? '')).toBeNull();
    });

    it('sets a verification date through an update', async () => {
      const created = await createIndividual(repository(), { emailVerifiedAt: null });
      const updated = await repository().updateIndividual(created.id, { emailVerifiedAt: at(5 * MINUTE) });
      expect(updated?.emailVerifiedAt?.getTime()).toBe(at(5 * MINUTE).getTime());
    });

    it('returns null when updating an unknown individual', async () => {
      expect(await repository().updateIndividual(missingId(), { name: 'Nobody' })).toBeNull();
    });
  });
}
