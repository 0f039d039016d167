import { describe, expect, it } from '@jest/globals';
import { Keyring } from '../crypto/keyring.js';
import { OAuthError } from '../errors/oauth-error.js';
import { openStartToken, sealStartToken, type StartRequestOptions } from './start-token.js';

const RING = Keyring.fromSecrets('start-token-secret-0123456789abcdef012345');
const BOX = RING.box('start-token');
const T0 = new Date('2025-01-01T12:00:00.000Z');
const EXPIRES = new Date(T0.getTime() + 600_000);
const OPTIONS: StartRequestOptions = {
  provider: 'google',
  intent: 'signin',
  individualId: null,
  redirectUrl: '/after',
  errorRedirectUrl: '/auth/error',
  newUserRedirectUrl: null,
  payload: { step: 2 },
  requestSignUp: false,
  scopes: ['openid', 'email'],
  prompt: null,
  accessType: 'offline',
  responseMode: 'query',
  authorizationParams: { login_hint: 'a@example.com' },
};

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof OAuthError) {
      expect(error.message).toBe('invalid OAuth start token');
      return error.code;
    }
    throw error;
  }
  return 'no error';
}

describe('start token', () => {
  it('round-trips the options and nothing else: no state, nonce, verifier or cookie travels in a start URL', () => {
    const token = sealStartToken(BOX, OPTIONS, EXPIRES);
    expect(encodeURIComponent(token)).toBe(token);
    expect(openStartToken(BOX, token, 'google', T0)).toEqual(OPTIONS);
    const sealed = BOX.open(token) as Record<string, unknown>;
    expect(Object.keys(sealed).sort()).toEqual([...Object.keys(OPTIONS), 'expiresAt'].sort());
  });

  it('expires', () => {
    const token = sealStartToken(BOX, OPTIONS, EXPIRES);
    expect(openStartToken(BOX, token, 'google', new Date(EXPIRES.getTime() - 1)).redirectUrl).toBe('/after');
    expect(codeOf(() => openStartToken(BOX, token, 'google', EXPIRES))).toBe('invalid_start_token');
  });

  it('provider swap: a token minted for one provider does not start another', () => {
    const token = sealStartToken(BOX, OPTIONS, EXPIRES);
    expect(codeOf(() => openStartToken(BOX, token, 'microsoft', T0))).toBe('invalid_start_token');
  });

  it('rejects tampering, garbage and tokens sealed for another purpose', () => {
    const token = sealStartToken(BOX, OPTIONS, EXPIRES);
    const swapped = token.at(-5) === 'A' ? 'B' : 'A';
    const stateBoxToken = RING.box('state').seal({ ...OPTIONS, expiresAt: EXPIRES.toISOString() });
    for (const bad of [token.slice(0, -5) + swapped + token.slice(-4), 'garbage', '', stateBoxToken]) {
      expect(codeOf(() => openStartToken(BOX, bad, 'google', T0))).toBe('invalid_start_token');
    }
  });

  it('validates the shape of every field', () => {
    const expiresAt = EXPIRES.toISOString();
    const malformed: unknown[] = [
      ['not', 'an', 'object'],
      { ...OPTIONS },
      { ...OPTIONS, expiresAt, intent: 'admin' },
      { ...OPTIONS, expiresAt, intent: 'link', individualId: null },
      { ...OPTIONS, expiresAt, scopes: 'openid' },
      { ...OPTIONS, expiresAt, scopes: [1] },
      { ...OPTIONS, expiresAt, responseMode: 'fragment' },
      { ...OPTIONS, expiresAt, redirectUrl: 5 },
      { ...OPTIONS, expiresAt, authorizationParams: { a: 1 } },
      { ...OPTIONS, expiresAt, authorizationParams: ['x'] },
    ];
    for (const content of malformed) {
      expect(codeOf(() => openStartToken(BOX, BOX.seal(content), 'google', T0))).toBe('invalid_start_token');
    }
  });
});
