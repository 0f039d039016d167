import { describe, expect, it } from '@jest/globals';
import { Keyring } from '../crypto/keyring.js';
import { OAuthError } from '../errors/oauth-error.js';
import { cookie, type ResponseCookie } from '../http/cookie-header.js';
import { openStartToken, sealStartToken } from './start-token.js';

const RING = Keyring.fromSecrets('start-token-secret-0123456789abcdef012345');
const BOX = RING.box('start-token');
const T0 = new Date('2025-01-01T12:00:00.000Z');
const EXPIRES = new Date(T0.getTime() + 600_000);
const URL_ = 'https://idp.example/authorize?client_id=c&state=s';
const COOKIES: ResponseCookie[] = [
  cookie('belgie_oauth_google_state_marker', 'v1.abcdefgh.xyz', 600, { secure: true, sameSite: 'none', domain: 'a.example' }),
];

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
  it('round-trips the authorization URL and cookies, dropping unknown fields', () => {
    const extra = { ...COOKIES[0]!, injected: 'x' } as ResponseCookie;
    const token = sealStartToken(BOX, { authorizationUrl: URL_, cookies: [extra], expiresAt: EXPIRES });
    expect(encodeURIComponent(token)).toBe(token);
    const opened = openStartToken(BOX, token, T0);
    expect(opened).toEqual({ authorizationUrl: URL_, cookies: COOKIES });
    expect(opened.cookies[0]).not.toHaveProperty('injected');
  });

  it('expires with the state', () => {
    const token = sealStartToken(BOX, { authorizationUrl: URL_, cookies: COOKIES, expiresAt: EXPIRES });
    expect(openStartToken(BOX, token, new Date(EXPIRES.getTime() - 1)).authorizationUrl).toBe(URL_);
    expect(codeOf(() => openStartToken(BOX, token, EXPIRES))).toBe('invalid_start_token');
    expect(codeOf(() => openStartToken(BOX, token, new Date(EXPIRES.getTime() + 86_400_000)))).toBe('invalid_start_token');
  });

  it('rejects tampering, garbage and tokens sealed for another purpose', () => {
    const token = sealStartToken(BOX, { authorizationUrl: URL_, cookies: COOKIES, expiresAt: EXPIRES });
    const swapped = token.at(-5) === 'A' ? 'B' : 'A';
    const stateBoxToken = RING.box('state').seal({ authorizationUrl: URL_, cookies: [], expiresAt: EXPIRES.toISOString() });
    for (const bad of [token.slice(0, -5) + swapped + token.slice(-4), 'garbage', '', stateBoxToken]) {
      expect(codeOf(() => openStartToken(BOX, bad, T0))).toBe('invalid_start_token');
    }
  });

  it('validates the shape of every field', () => {
    const good = { ...COOKIES[0]! };
    const expiresAt = EXPIRES.toISOString();
    const malformed: unknown[] = [
      ['not', 'an', 'object'],
      { authorizationUrl: URL_, cookies: [good] },
      { authorizationUrl: 42, cookies: [good], expiresAt },
      { authorizationUrl: '', cookies: [good], expiresAt },
      { authorizationUrl: URL_, cookies: 'x', expiresAt },
      { authorizationUrl: URL_, cookies: [null], expiresAt },
      { authorizationUrl: URL_, cookies: [{ ...good, name: 1 }], expiresAt },
      { authorizationUrl: URL_, cookies: [{ ...good, value: null }], expiresAt },
      { authorizationUrl: URL_, cookies: [{ ...good, maxAge: true }], expiresAt },
      { authorizationUrl: URL_, cookies: [{ ...good, maxAge: -1 }], expiresAt },
      { authorizationUrl: URL_, cookies: [{ ...good, maxAge: 1.5 }], expiresAt },
      { authorizationUrl: URL_, cookies: [{ ...good, maxAge: '600' }], expiresAt },
      { authorizationUrl: URL_, cookies: [{ ...good, path: undefined }], expiresAt },
      { authorizationUrl: URL_, cookies: [{ ...good, httpOnly: 'true' }], expiresAt },
      { authorizationUrl: URL_, cookies: [{ ...good, secure: 1 }], expiresAt },
      { authorizationUrl: URL_, cookies: [{ ...good, sameSite: 'Lax' }], expiresAt },
      { authorizationUrl: URL_, cookies: [{ ...good, domain: undefined }], expiresAt },
      { authorizationUrl: URL_, cookies: [{ ...good, domain: 5 }], expiresAt },
    ];
    for (const content of malformed) {
      expect(codeOf(() => openStartToken(BOX, BOX.seal(content), T0))).toBe('invalid_start_token');
    }
    const minimal = BOX.seal({ authorizationUrl: URL_, cookies: [{ ...good, maxAge: 0, domain: null }], expiresAt });
    expect(openStartToken(BOX, minimal, T0).cookies[0]).toMatchObject({ maxAge: 0, domain: null });
  });
});
