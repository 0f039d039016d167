import { describe, expect, it } from '@jest/globals';
import { Keyring } from '../crypto/keyring.js';
import { InvalidStateError } from '../errors/oauth-error.js';
import { rejectedOAuthError as rejection } from '../errors/oauth-error.spec-support.js';
import { serializeSetCookie, type CookieSettings } from '../common/cookie-header.js';
import type { StateRecord } from '../persistence/records.js';
import { CookieStateStore } from './cookie-state-store.js';
import { EXPIRES, T0, stateFixture } from './state.spec-support.js';

const SETTINGS: CookieSettings = { secure: false, sameSite: 'lax', domain: 'app.example' };
const NAME = 'belgie_oauth_acme_state';
const SECRET = 'cookie-store-secret-0123456789abcdef01234567';

/** A link state with every field set, so a round trip shows each one survives. */
function stateRecord(overrides: Partial<StateRecord> = {}): StateRecord {
  return stateFixture({
    state: 'state-xyz',
    provider: 'acme',
    individualId: 'ind-1',
    codeVerifier: 'verifier-1',
    nonce: 'nonce-1',
    intent: 'link',
    redirectUrl: '/done?x=1',
    errorRedirectUrl: '/oops',
    newUserRedirectUrl: '/welcome',
    payload: { plan: 'pro', n: [1, 2] },
    requestSignUp: true,
    ...overrides,
  });
}

function setup() {
  const box = Keyring.fromSecrets(SECRET).box('state');
  return { box, store: new CookieStateStore(box, SETTINGS) };
}

async function jar(store: CookieStateStore, record = stateRecord()): Promise<Record<string, string>> {
  const [c] = await store.save(record, T0);
  if (c === undefined) throw new Error('no cookie');
  return { [c.name]: c.value };
}

describe('CookieStateStore', () => {
  it('round-trips the whole state through one encrypted cookie', async () => {
    const { store } = setup();
    expect(store.strategy).toBe('cookie');
    const cookies = await store.save(stateRecord(), new Date(T0.getTime() + 10_999));
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ name: NAME, maxAge: 589, httpOnly: true, secure: false, domain: 'app.example' });
    expect(cookies[0]?.value).not.toContain('verifier-1');
    const restored = await store.consume('acme', 'state-xyz', { [NAME]: cookies[0]?.value ?? '' }, T0);
    expect(restored).toEqual(stateRecord());
  });

  it('keeps nulls and an undefined payload as null', async () => {
    const { store } = setup();
    const record = stateRecord({
      individualId: null,
      codeVerifier: null,
      nonce: null,
      intent: 'signin',
      redirectUrl: null,
      errorRedirectUrl: null,
      newUserRedirectUrl: null,
      payload: undefined,
      requestSignUp: false,
    });
    const restored = await store.consume('acme', 'state-xyz', await jar(store, record), T0);
    expect(restored).toEqual({ ...record, payload: null });
  });

  it('throws payload_too_large when the Set-Cookie header would exceed 4000 bytes', async () => {
    const { store } = setup();
    const error = await rejection(store.save(stateRecord({ payload: { blob: 'x'.repeat(4000) } }), T0));
    expect(error.code).toBe('payload_too_large');
    expect(error.message).toBe('OAuth state is too large for a cookie (reduce returnTo or payload)');
    // Just under the limit still works, and the header really is within 4000 bytes.
    const [c] = await store.save(stateRecord({ payload: { blob: 'x'.repeat(2000) } }), T0);
    expect(Buffer.byteLength(serializeSetCookie(c!))).toBeLessThanOrEqual(4000);
  });

  describe('consume error paths, in order', () => {
    it('1. cookie missing or cleared', async () => {
      const { store } = setup();
      for (const cookies of [{}, { [NAME]: '' }, { belgie_oauth_other_state: 'x' }] as Record<string, string>[]) {
        const error = await rejection(store.consume('acme', 'state-xyz', cookies, T0));
        expect(error).toBeInstanceOf(InvalidStateError);
        expect(error.code).toBe('state_not_found');
        expect(error.message).toBe('missing OAuth state cookie');
      }
    });

    it('2. cookie does not open (tampered, other purpose, other secret, not an object)', async () => {
      const { store, box } = setup();
      const value = (await jar(store))[NAME] ?? '';
      const swapped = value.at(-5) === 'A' ? 'B' : 'A';
      const candidates = [
        value.slice(0, -5) + swapped + value.slice(-4),
        Keyring.fromSecrets(SECRET).box('account-cookie').seal({ state: 'state-xyz', provider: 'acme' }),
        Keyring.fromSecrets('a-different-secret-0123456789abcdef0123').box('state').seal({ state: 'state-xyz' }),
        box.seal(['state-xyz']),
        box.seal('state-xyz'),
      ];
      for (const candidate of candidates) {
        const error = await rejection(store.consume('acme', 'state-xyz', { [NAME]: candidate }, T0));
        expect(error).toBeInstanceOf(InvalidStateError);
        expect(error.message).toBe('invalid OAuth state cookie');
      }
    });

    it('3. state or provider mismatch', async () => {
      const { store, box } = setup();
      const cookies = await jar(store);
      const wrongState = await rejection(store.consume('acme', 'state-other', cookies, T0));
      expect(wrongState.message).toBe('OAuth state mismatch');
      const otherProvider = box.seal({ state: 'state-xyz', provider: 'google', expiresAt: EXPIRES.toISOString() });
      const wrongProvider = await rejection(store.consume('acme', 'state-xyz', { [NAME]: otherProvider }, T0));
      expect(wrongProvider).toBeInstanceOf(InvalidStateError);
      expect(wrongProvider.message).toBe('OAuth state mismatch');
      // Mismatch is reported before expiry.
      const late = await rejection(store.consume('acme', 'state-other', cookies, EXPIRES));
      expect(late.message).toBe('OAuth state mismatch');
    });

    it('4. expiry missing, invalid or reached', async () => {
      const { store, box } = setup();
      for (const expiresAt of [undefined, 'tomorrow', 12345]) {
        const value = box.seal({ state: 'state-xyz', provider: 'acme', expiresAt });
        const error = await rejection(store.consume('acme', 'state-xyz', { [NAME]: value }, T0));
        expect(error.message).toBe('OAuth state expired');
      }
      const cookies = await jar(store);
      const expired = await rejection(store.consume('acme', 'state-xyz', cookies, EXPIRES));
      expect(expired).toBeInstanceOf(InvalidStateError);
      expect(expired.message).toBe('OAuth state expired');
      await expect(store.consume('acme', 'state-xyz', cookies, new Date(EXPIRES.getTime() - 1))).resolves.toMatchObject({
        state: 'state-xyz',
      });
    });
  });

  it('coerces an unknown intent to signin and a non-boolean requestSignUp to a boolean', async () => {
    const { store, box } = setup();
    const value = box.seal({
      state: 'state-xyz',
      provider: 'acme',
      intent: 'admin',
      requestSignUp: 'yes',
      individualId: 42,
      expiresAt: EXPIRES.toISOString(),
    });
    const restored = await store.consume('acme', 'state-xyz', { [NAME]: value }, T0);
    expect(restored.intent).toBe('signin');
    expect(restored.requestSignUp).toBe(false);
    expect(restored.individualId).toBeNull();
    expect(restored.createdAt).toEqual(T0);
  });

  it('reports the callback cookie and clears it with the same attributes', async () => {
    const { store } = setup();
    const cookies = await jar(store);
    expect(store.hasCallbackCookie('acme', cookies)).toBe(true);
    expect(store.hasCallbackCookie('google', cookies)).toBe(false);
    expect(store.clearCookies('acme')).toEqual([
      { name: NAME, value: '', maxAge: 0, path: '/', httpOnly: true, secure: false, sameSite: 'lax', domain: 'app.example' },
    ]);
  });
});
