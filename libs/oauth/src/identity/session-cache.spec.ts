import { describe, expect, it } from '@jest/globals';
import { Keyring } from '../crypto/keyring.js';
import { ConfigurationError } from '../errors/oauth-error.js';
import { sessionSettingsOf } from '../module/option-slices.js';
import { resolveModuleOptions } from '../module/resolve-module-options.js';
import type { OAuthModuleValues } from '../module/oauth-module-options.js';
import type { IndividualRecord, SessionRecord } from '../persistence/records.js';
import { OAuthProvider } from '../providers/provider-definition.js';
import { InMemoryOAuthRepository } from '../testing/in-memory-oauth-repository.js';
import { TestClock } from '../testing/test-clock.js';
import { SessionService } from './session-service.js';

const SECRET = 'unit-secret-0123456789-abcdefghijklmnop';
const META = { ipAddress: '127.0.0.1', userAgent: 'jest' };
// An https base URL without a cookie Domain: every cookie name carries the __Host- prefix.
const SESSION_COOKIE = '__Host-belgie_session';
const CACHE_COOKIE = '__Host-belgie_session_cache';

/** The in-memory repository, counting the reads the signed-in path makes. */
class ReadCountingRepository extends InMemoryOAuthRepository {
  reads = 0;

  override findSessionByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    this.reads += 1;
    return super.findSessionByTokenHash(tokenHash);
  }

  override findIndividualById(id: string): Promise<IndividualRecord | null> {
    this.reads += 1;
    return super.findIndividualById(id);
  }
}

function options(clock: TestClock, session: OAuthModuleValues['session'] = { cache: { maxAgeSeconds: 60 } }) {
  const provider = OAuthProvider({ id: 'idp', clientId: 'client-1', clientSecret: 'client-secret-value', discoveryUrl: 'https://idp.example/.well-known/openid-configuration' });
  return resolveModuleOptions({ secret: SECRET, baseUrl: 'https://app.example', clock, session }, [provider]);
}

async function setup(session?: OAuthModuleValues['session']) {
  const clock = new TestClock(new Date('2026-01-01T00:00:00Z'));
  const resolved = options(clock, session);
  const repository = new ReadCountingRepository();
  const service = new SessionService(sessionSettingsOf(resolved), clock, repository, Keyring.fromSecrets(resolved.secrets));
  const signIn = async (email: string) => {
    const individual = await repository.createIndividual({ email, emailVerifiedAt: null, name: email, image: null });
    const created = await service.create(repository, individual.id, META);
    return { individual, token: created.token, session: created.session };
  };
  /** Resolves with the session cookie and the cache cookie (when given), as a browser sends them. */
  const resolve = (token: string, cache?: string) =>
    service.resolve(cache === undefined ? { [SESSION_COOKIE]: token } : { [SESSION_COOKIE]: token, [CACHE_COOKIE]: cache });
  return { clock, repository, service, signIn, resolve };
}

/** The value with one base64url character changed (near the end: inside the ciphertext or tag). */
function flipOne(value: string): string {
  return `${value.slice(0, -3)}${value.at(-3) === 'A' ? 'B' : 'A'}${value.slice(-2)}`;
}

function cacheValue(cookies: readonly { name: string; value: string }[]): string {
  const found = cookies.find((c) => c.name === CACHE_COOKIE);
  if (found === undefined) throw new Error('no cache cookie was written');
  return found.value;
}

describe('signed session cache (session.cache)', () => {
  it('serves the signed-in request from the cached copy without reading the repository', async () => {
    const { repository, signIn, resolve } = await setup();
    const alice = await signIn('alice@example.com');
    const first = await resolve(alice.token);
    expect(repository.reads).toBe(2);
    const cookie = first?.cookies.find((c) => c.name === CACHE_COOKIE);
    expect(cookie).toMatchObject({ maxAge: 60, httpOnly: true, secure: true, path: '/' });
    // The copy is sealed: nothing of the individual or the session is readable in the cookie.
    expect(cookie?.value).not.toContain('alice');
    repository.reads = 0;
    const cached = await resolve(alice.token, cacheValue(first?.cookies ?? []));
    expect(repository.reads).toBe(0);
    expect(cached?.individual).toEqual(alice.individual);
    expect(cached?.session.id).toBe(alice.session.id);
    expect(cached?.session.expiresAt).toEqual(alice.session.expiresAt);
    expect(cached?.cookies).toEqual([]);
  });

  it('expires: after maxAgeSeconds the repository is read again and a fresh copy is issued', async () => {
    const { clock, repository, signIn, resolve } = await setup();
    const alice = await signIn('alice@example.com');
    const copy = cacheValue((await resolve(alice.token))?.cookies ?? []);
    clock.advance(60_000);
    repository.reads = 0;
    const again = await resolve(alice.token, copy);
    expect(repository.reads).toBe(2);
    expect(again?.cookies.map((c) => c.name)).toEqual([CACHE_COOKIE]);
  });

  it('attack: a revoked session (deleted on another device) stops working once the copy is older than its max age', async () => {
    const { clock, repository, signIn, resolve } = await setup();
    const alice = await signIn('alice@example.com');
    const copy = cacheValue((await resolve(alice.token))?.cookies ?? []);
    await repository.deleteSession(alice.session.id);
    // Within the max age the copy is still honoured: the documented revocation window.
    clock.advance(59_000);
    expect((await resolve(alice.token, copy))?.individual.id).toBe(alice.individual.id);
    clock.advance(1_000);
    expect(await resolve(alice.token, copy)).toBeNull();
  });

  it('attack: a tampered copy (one flipped character) is ignored and the repository decides', async () => {
    const { repository, signIn, resolve } = await setup();
    const alice = await signIn('alice@example.com');
    const copy = cacheValue((await resolve(alice.token))?.cookies ?? []);
    const flipped = flipOne(copy);
    await repository.deleteSession(alice.session.id);
    repository.reads = 0;
    expect(await resolve(alice.token, flipped)).toBeNull();
    expect(repository.reads).toBe(1);
  });

  it("attack: a copy replayed next to another session's cookie is ignored (bound to its own token)", async () => {
    const { signIn, resolve } = await setup();
    const alice = await signIn('alice@example.com');
    const mallory = await signIn('mallory@example.com');
    const aliceCopy = cacheValue((await resolve(alice.token))?.cookies ?? []);
    const resolved = await resolve(mallory.token, aliceCopy);
    expect(resolved?.individual.id).toBe(mallory.individual.id);
    // And without any session cookie the copy alone opens nothing.
    expect(await resolve('', aliceCopy)).toBeNull();
  });

  it('attack: a copy sealed by another deployment (other secret) does not open', async () => {
    const { signIn, resolve, repository } = await setup();
    const other = await setup();
    const alice = await signIn('alice@example.com');
    // Same token value in both deployments would be a collision; the point is the foreign key.
    const foreign = cacheValue((await other.resolve((await other.signIn('alice@example.com')).token))?.cookies ?? []);
    repository.reads = 0;
    await resolve(alice.token, foreign);
    expect(repository.reads).toBe(2);
  });

  it('never serves a copy past the session expiry, even inside the cache max age', async () => {
    const { clock, signIn, resolve } = await setup({ maxAgeSeconds: 30, cache: { maxAgeSeconds: 30 }, updateAgeSeconds: 3600 });
    const alice = await signIn('alice@example.com');
    const first = await resolve(alice.token);
    const cookie = first?.cookies.find((c) => c.name === CACHE_COOKIE);
    expect(cookie?.maxAge).toBe(30);
    clock.advance(30_000);
    expect(await resolve(alice.token, cookie?.value)).toBeNull();
  });

  it('sign-out deletes the session and clears the copy as well as the session cookie', async () => {
    const { service, signIn, resolve } = await setup();
    const alice = await signIn('alice@example.com');
    await resolve(alice.token);
    const cleared = await service.end({ [SESSION_COOKIE]: alice.token });
    expect(cleared.map((c) => [c.name, c.maxAge, c.value])).toEqual([
      [SESSION_COOKIE, 0, ''],
      [CACHE_COOKIE, 0, ''],
    ]);
  });

  it('is off by default: no copy is written and every request reads the repository', async () => {
    const { repository, signIn, resolve } = await setup({});
    const alice = await signIn('alice@example.com');
    const first = await resolve(alice.token);
    expect(first?.cookies).toEqual([]);
    repository.reads = 0;
    await resolve(alice.token);
    expect(repository.reads).toBe(2);
  });

  describe('memoised copies (an opened copy is kept per exact cookie value)', () => {
    it('attack: a memoised copy never outlives its sealed expiry (revocation still honoured within the max age)', async () => {
      const { clock, repository, signIn, resolve } = await setup();
      const alice = await signIn('alice@example.com');
      const copy = cacheValue((await resolve(alice.token))?.cookies ?? []);
      // Prime the memo: served from it with no repository read.
      repository.reads = 0;
      expect((await resolve(alice.token, copy))?.individual.id).toBe(alice.individual.id);
      expect((await resolve(alice.token, copy))?.individual.id).toBe(alice.individual.id);
      expect(repository.reads).toBe(0);
      await repository.deleteSession(alice.session.id);
      clock.advance(60_000);
      expect(await resolve(alice.token, copy)).toBeNull();
      // And it stays refused: time going on does not bring the entry back.
      clock.advance(1_000);
      expect(await resolve(alice.token, copy)).toBeNull();
    });

    it('attack: a tampered copy never hits the memo of the genuine one', async () => {
      const { repository, signIn, resolve } = await setup();
      const alice = await signIn('alice@example.com');
      const copy = cacheValue((await resolve(alice.token))?.cookies ?? []);
      await resolve(alice.token, copy);
      await repository.deleteSession(alice.session.id);
      for (const tampered of [`${copy}A`, copy.slice(0, -1), flipOne(copy)]) {
        repository.reads = 0;
        expect(await resolve(alice.token, tampered)).toBeNull();
        expect(repository.reads).toBe(1);
      }
    });

    it("attack: a memoised copy replayed next to another session's cookie is still ignored", async () => {
      const { signIn, resolve } = await setup();
      const alice = await signIn('alice@example.com');
      const mallory = await signIn('mallory@example.com');
      const aliceCopy = cacheValue((await resolve(alice.token))?.cookies ?? []);
      expect((await resolve(alice.token, aliceCopy))?.individual.id).toBe(alice.individual.id);
      expect((await resolve(mallory.token, aliceCopy))?.individual.id).toBe(mallory.individual.id);
      expect(await resolve('', aliceCopy)).toBeNull();
    });

    it('a caller altering the records it was given does not change what the next request sees', async () => {
      const { signIn, resolve } = await setup();
      const alice = await signIn('alice@example.com');
      const copy = cacheValue((await resolve(alice.token))?.cookies ?? []);
      const first = await resolve(alice.token, copy);
      if (first === null) throw new Error('expected a cached session');
      first.individual.name = 'mallory';
      first.individual.scopes.push('admin');
      first.session.expiresAt.setTime(Date.parse('2099-01-01T00:00:00Z'));
      const second = await resolve(alice.token, copy);
      expect(second?.individual).toEqual(alice.individual);
      expect(second?.session.expiresAt).toEqual(alice.session.expiresAt);
    });
  });

  it('refuses a cache without a positive max age, or one longer than the session, at bootstrap', () => {
    const clock = new TestClock();
    expect(() => options(clock, { cache: {} as { maxAgeSeconds: number } })).toThrow(ConfigurationError);
    expect(() => options(clock, { cache: { maxAgeSeconds: 0 } })).toThrow(/session\.cache\.maxAgeSeconds must be a positive integer/);
    expect(() => options(clock, { maxAgeSeconds: 60, cache: { maxAgeSeconds: 61 } })).toThrow(/must not exceed session\.maxAgeSeconds/);
  });
});
