import { describe, expect, it } from '@jest/globals';
import { Keyring } from '../crypto/keyring.js';
import { InvalidStateError } from '../errors/oauth-error.js';
import { rejectedOAuthError as rejection } from '../errors/oauth-error.spec-support.js';
import { parseCookieHeader, serializeSetCookie, type CookieSettings } from '../common/cookie-header.js';
import type { OAuthRepository } from '../persistence/oauth-repository.js';
import type { StateRecord } from '../persistence/records.js';
import { AdapterStateStore, STATE_PURGE_INTERVAL_MS } from './adapter-state-store.js';
import { EXPIRES, T0, stateFixture } from './state.spec-support.js';

const SETTINGS: CookieSettings = { secure: true, sameSite: 'lax', domain: null };
const MARKER = 'belgie_oauth_google_state_marker';

/** In-spec fake of the state methods: a Map, with a single-winner consume like the real contract. */
class FakeStateRepository implements Pick<OAuthRepository, 'createState' | 'consumeState' | 'purgeExpiredStates'> {
  readonly rows = new Map<string, StateRecord>();
  consumeCalls = 0;
  purgeCalls: Date[] = [];

  purgeExpiredStates(now: Date): Promise<number> {
    this.purgeCalls.push(now);
    let purged = 0;
    for (const [key, row] of this.rows) {
      if (row.expiresAt.getTime() <= now.getTime()) {
        this.rows.delete(key);
        purged += 1;
      }
    }
    return Promise.resolve(purged);
  }

  createState(state: StateRecord): Promise<void> {
    this.rows.set(state.state, { ...state });
    return Promise.resolve();
  }

  consumeState(state: string, now: Date): Promise<StateRecord | null> {
    this.consumeCalls += 1;
    const row = this.rows.get(state);
    // Delete before any await point: only one caller can see the row.
    this.rows.delete(state);
    if (row === undefined || row.expiresAt.getTime() <= now.getTime()) {
      return Promise.resolve(null);
    }
    return Promise.resolve(row);
  }
}

/** The state every test saves unless it says otherwise. */
function stateRecord(overrides: Partial<StateRecord> = {}): StateRecord {
  return stateFixture({
    state: 'state-abc',
    codeVerifier: 'verifier',
    nonce: 'nonce',
    redirectUrl: '/after',
    payload: { a: 1 },
    ...overrides,
  });
}

function setup() {
  const box = Keyring.fromSecrets('adapter-store-secret-0123456789abcdef0123').box('state');
  const repository = new FakeStateRepository();
  const store = new AdapterStateStore(repository, box, SETTINGS);
  return { box, repository, store };
}

async function savedCookies(store: AdapterStateStore, record = stateRecord()): Promise<Record<string, string>> {
  const cookies = await store.save(record, T0);
  return parseCookieHeader(cookies.map((c) => `${c.name}=${c.value}`).join('; '));
}

describe('AdapterStateStore', () => {
  it('saves the row and an encrypted marker cookie with the remaining lifetime', async () => {
    const { store, repository } = setup();
    expect(store.strategy).toBe('adapter');
    const cookies = await store.save(stateRecord(), new Date(T0.getTime() + 500));
    expect(repository.rows.has('state-abc')).toBe(true);
    expect(cookies).toHaveLength(1);
    const [marker] = cookies;
    expect(marker).toMatchObject({ name: MARKER, maxAge: 599, path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
    expect(marker?.value).not.toContain('state-abc');
    expect(() => serializeSetCookie(marker!)).not.toThrow();
  });

  it('purges abandoned expired rows when saving, at most once per interval', async () => {
    const { repository, store } = setup();
    await store.save(stateRecord({ state: 'abandoned', expiresAt: new Date(T0.getTime() + 1_000) }), T0);
    expect(repository.purgeCalls).toHaveLength(1);
    const later = new Date(T0.getTime() + 5_000);
    await store.save(stateRecord({ state: 'second', expiresAt: new Date(later.getTime() + 600_000) }), later);
    // Within the interval: no second DELETE, the expired row is still there.
    expect(repository.purgeCalls).toHaveLength(1);
    expect(repository.rows.has('abandoned')).toBe(true);
    const afterInterval = new Date(T0.getTime() + STATE_PURGE_INTERVAL_MS);
    await store.save(stateRecord({ state: 'third', expiresAt: new Date(afterInterval.getTime() + 600_000) }), afterInterval);
    expect(repository.purgeCalls).toHaveLength(2);
    expect(repository.rows.has('abandoned')).toBe(false);
    expect([...repository.rows.keys()].sort()).toEqual(['second', 'third']);
  });

  it('never gives a negative Max-Age', async () => {
    const { store } = setup();
    const [marker] = await store.save(stateRecord(), new Date(EXPIRES.getTime() + 5_000));
    expect(marker?.maxAge).toBe(0);
  });

  it('consumes once: the row comes back, then the same state is invalid', async () => {
    const { store, repository } = setup();
    const cookies = await savedCookies(store);
    const row = await store.consume('google', 'state-abc', cookies, T0);
    expect(row).toEqual(stateRecord());
    expect(repository.rows.size).toBe(0);
    const again = await rejection(store.consume('google', 'state-abc', cookies, T0));
    expect(again).toBeInstanceOf(InvalidStateError);
    expect(again.message).toBe('Invalid OAuth state');
  });

  it('lets exactly one of two parallel callbacks win', async () => {
    const { store } = setup();
    const cookies = await savedCookies(store);
    const results = await Promise.allSettled([
      store.consume('google', 'state-abc', cookies, T0),
      store.consume('google', 'state-abc', cookies, T0),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  });

  describe('consume error paths, in order, before touching the database', () => {
    it('1. marker missing (absent or cleared)', async () => {
      const { store, repository } = setup();
      await store.save(stateRecord(), T0);
      for (const cookies of [{}, { [MARKER]: '' }] as Record<string, string>[]) {
        const error = await rejection(store.consume('google', 'state-abc', cookies, T0));
        expect(error).toBeInstanceOf(InvalidStateError);
        expect(error.code).toBe('state_not_found');
        expect(error.message).toBe('missing OAuth state marker');
      }
      expect(repository.consumeCalls).toBe(0);
      expect(repository.rows.has('state-abc')).toBe(true);
    });

    it('2. marker does not open (tampered, foreign purpose)', async () => {
      const { store, repository } = setup();
      const cookies = await savedCookies(store);
      const original = cookies[MARKER] ?? '';
      const swapped = original.at(-5) === 'A' ? 'B' : 'A';
      const tampered = { [MARKER]: original.slice(0, -5) + swapped + original.slice(-4) };
      const foreign = {
        [MARKER]: Keyring.fromSecrets('adapter-store-secret-0123456789abcdef0123')
          .box('start-token')
          .seal({ state: 'state-abc', provider: 'google', expiresAt: EXPIRES.toISOString() }),
      };
      for (const jar of [tampered, foreign, { [MARKER]: 'garbage' }]) {
        const error = await rejection(store.consume('google', 'state-abc', jar, T0));
        expect(error).toBeInstanceOf(InvalidStateError);
        expect(error.message).toBe('invalid OAuth state marker');
      }
      expect(repository.consumeCalls).toBe(0);
    });

    it('3. marker state or provider mismatch (a browser that never started this flow)', async () => {
      const { store, box, repository } = setup();
      await store.save(stateRecord(), T0);
      await store.save(stateRecord({ state: 'attacker-state' }), T0);
      const attackerMarker = box.seal({ state: 'attacker-state', provider: 'google', expiresAt: EXPIRES.toISOString() });
      const otherProvider = box.seal({ state: 'state-abc', provider: 'github', expiresAt: EXPIRES.toISOString() });
      for (const value of [attackerMarker, otherProvider, box.seal({ provider: 'google' })]) {
        const error = await rejection(store.consume('google', 'state-abc', { [MARKER]: value }, T0));
        expect(error).toBeInstanceOf(InvalidStateError);
        expect(error.message).toBe('OAuth state marker mismatch');
      }
      // The victim's row survives a callback from the wrong browser (no login CSRF state burning).
      expect(repository.consumeCalls).toBe(0);
      expect(repository.rows.has('state-abc')).toBe(true);
    });

    it('4. marker expiry missing, invalid or reached', async () => {
      const { store, box, repository } = setup();
      const cookies = await savedCookies(store);
      const noExpiry = box.seal({ state: 'state-abc', provider: 'google' });
      const badExpiry = box.seal({ state: 'state-abc', provider: 'google', expiresAt: 'soon' });
      for (const jar of [{ [MARKER]: noExpiry }, { [MARKER]: badExpiry }]) {
        const error = await rejection(store.consume('google', 'state-abc', jar, T0));
        expect(error.message).toBe('OAuth state expired');
      }
      const atExpiry = await rejection(store.consume('google', 'state-abc', cookies, EXPIRES));
      expect(atExpiry).toBeInstanceOf(InvalidStateError);
      expect(atExpiry.message).toBe('OAuth state expired');
      expect(repository.consumeCalls).toBe(0);
      // One millisecond before expiry it still works.
      await expect(store.consume('google', 'state-abc', cookies, new Date(EXPIRES.getTime() - 1))).resolves.toMatchObject({
        state: 'state-abc',
      });
    });

    it('5. row unknown or already consumed', async () => {
      const { store, box } = setup();
      const marker = box.seal({ state: 'never-saved', provider: 'google', expiresAt: EXPIRES.toISOString() });
      const error = await rejection(store.consume('google', 'never-saved', { [MARKER]: marker }, T0));
      expect(error).toBeInstanceOf(InvalidStateError);
      expect(error.message).toBe('Invalid OAuth state');
    });

    it('reports the earliest problem when several apply', async () => {
      const { store, box } = setup();
      const expiredMismatch = box.seal({ state: 'other', provider: 'google', expiresAt: T0.toISOString() });
      const error = await rejection(store.consume('google', 'unknown', { [MARKER]: expiredMismatch }, EXPIRES));
      expect(error.message).toBe('OAuth state marker mismatch');
      const missing = await rejection(store.consume('google', 'unknown', {}, EXPIRES));
      expect(missing.message).toBe('missing OAuth state marker');
    });

    it('rejects a row the repository wrongly returns for another provider or past expiry', async () => {
      const { box } = setup();
      const marker = box.seal({ state: 'state-abc', provider: 'google', expiresAt: EXPIRES.toISOString() });
      const leaky = (row: StateRecord) =>
        new AdapterStateStore(
          { createState: () => Promise.resolve(), consumeState: () => Promise.resolve(row), purgeExpiredStates: () => Promise.resolve(0) },
          box,
          SETTINGS,
        );
      const foreign = await rejection(
        leaky(stateRecord({ provider: 'github' })).consume('google', 'state-abc', { [MARKER]: marker }, T0),
      );
      expect(foreign.message).toBe('Invalid OAuth state');
      const stale = await rejection(
        leaky(stateRecord({ expiresAt: T0 })).consume('google', 'state-abc', { [MARKER]: marker }, T0),
      );
      expect(stale.message).toBe('OAuth state expired');
    });
  });

  it('reports the callback cookie and clears it', async () => {
    const { store } = setup();
    const cookies = await savedCookies(store);
    expect(store.hasCallbackCookie('google', cookies)).toBe(true);
    expect(store.hasCallbackCookie('github', cookies)).toBe(false);
    expect(store.hasCallbackCookie('google', { [MARKER]: '' })).toBe(false);
    expect(store.clearCookies('google')).toEqual([
      { name: MARKER, value: '', maxAge: 0, path: '/', httpOnly: true, secure: true, sameSite: 'lax', domain: null },
    ]);
  });

  it('refuses a provider id that cannot be a cookie name, leaving no row', async () => {
    const { store, repository } = setup();
    await expect(store.save(stateRecord({ provider: 'bad id;' }), T0)).rejects.toThrow(TypeError);
    expect(repository.rows.size).toBe(0);
  });
});
