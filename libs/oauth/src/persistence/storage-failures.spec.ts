import { describe, expect, it } from '@jest/globals';
import { OAuthError, StorageUnavailableError } from '../errors/oauth-error.js';
import { InMemoryOAuthRepository } from '../testing/in-memory-oauth-repository.js';
import { withStorageFailuresCoded } from './storage-failures.js';

/** A store whose driver fails the way a real one does while the database is away. */
class FailingRepository extends InMemoryOAuthRepository {
  failure: unknown = null;
  override async findIndividualById(id: string) {
    if (this.failure !== null) throw this.failure;
    return super.findIndividualById(id);
  }
}

describe('withStorageFailuresCoded', () => {
  it('codes a driver failure as storage_unavailable, without its message, and works again once the store is back', async () => {
    const inner = new FailingRepository();
    const repository = withStorageFailuresCoded(inner);
    inner.failure = new Error('connect ECONNREFUSED 10.0.0.5:5432 (password=hunter2)');
    const error = await repository.findIndividualById('x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as OAuthError).code).toBe('storage_unavailable');
    expect((error as Error).message).not.toContain('hunter2');
    inner.failure = null;
    await expect(repository.findIndividualById('x')).resolves.toBeNull();
  });

  it('keeps coded errors and programming errors as they are (a bug is not an outage)', async () => {
    const inner = new FailingRepository();
    const repository = withStorageFailuresCoded(inner);
    inner.failure = new OAuthError('oauth_account_not_found');
    await expect(repository.findIndividualById('x')).rejects.toMatchObject({ code: 'oauth_account_not_found' });
    inner.failure = new TypeError('cannot read properties of undefined');
    await expect(repository.findIndividualById('x')).rejects.toBeInstanceOf(TypeError);
  });
});
