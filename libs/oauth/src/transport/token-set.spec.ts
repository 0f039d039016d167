import { describe, expect, it } from '@jest/globals';
import { OAuthError } from '../errors/oauth-error.js';
import { tokenSetFromAccount, tokenSetFromIdToken, tokenSetFromResponse, type OAuthTokenSet } from './token-set.js';

const NOW = new Date('2030-01-01T00:00:00Z');
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

const existing: OAuthTokenSet = tokenSetFromIdToken({
  idToken: 'old-id',
  accessToken: 'old-at',
  refreshToken: 'old-rt',
  tokenType: 'Bearer',
  scope: 'openid email',
  accessTokenExpiresAt: at(-60),
  refreshTokenExpiresAt: at(86_400),
});

describe('tokenSetFromResponse', () => {
  it('maps a full response and copies it into raw', () => {
    const response = {
      access_token: 'at',
      token_type: 'Bearer',
      refresh_token: 'rt',
      scope: 'openid',
      id_token: 'id',
      expires_in: 3600,
      refresh_token_expires_in: 7200,
      custom: { x: 1 },
    };
    const set = tokenSetFromResponse(response, { now: NOW });
    expect(set).toMatchObject({ accessToken: 'at', tokenType: 'Bearer', refreshToken: 'rt', scope: 'openid', idToken: 'id' });
    expect(set.accessTokenExpiresAt).toEqual(at(3600));
    expect(set.refreshTokenExpiresAt).toEqual(at(7200));
    expect(set.raw).toEqual(response);
    expect(set.raw).not.toBe(response);
    expect(Object.isFrozen(set)).toBe(true);
  });

  it('requires an access token by default', () => {
    expect(() => tokenSetFromResponse({ token_type: 'Bearer' }, { now: NOW })).toThrow(
      new OAuthError('token_response_invalid', 'missing required field in token response: access_token'),
    );
    try {
      tokenSetFromResponse({ access_token: '' }, { now: NOW });
    } catch (error) {
      expect(error).toBeInstanceOf(OAuthError);
      expect((error as OAuthError).code).toBe('token_response_invalid');
    }
    expect.assertions(3);
  });

  it('allows a missing access token when not required', () => {
    expect(tokenSetFromResponse({ id_token: 'id' }, { now: NOW, requireAccessToken: false }).accessToken).toBeNull();
  });

  it('string-coerces numeric values', () => {
    const set = tokenSetFromResponse({ access_token: 12345, scope: 7 }, { now: NOW });
    expect(set.accessToken).toBe('12345');
    expect(set.scope).toBe('7');
  });

  it('keeps existing values for omitted fields (refresh)', () => {
    const set = tokenSetFromResponse({ access_token: 'new-at', refresh_token: '' }, { now: NOW, existing });
    expect(set).toMatchObject({
      accessToken: 'new-at',
      refreshToken: 'old-rt',
      idToken: 'old-id',
      scope: 'openid email',
      tokenType: 'Bearer',
    });
    // No expiry in the response: the old (past) expiry is kept, as in the reference.
    expect(set.accessTokenExpiresAt).toEqual(at(-60));
    expect(set.refreshTokenExpiresAt).toEqual(at(86_400));
  });

  it('uses the existing access token when the response has none', () => {
    expect(tokenSetFromResponse({ expires_in: 60 }, { now: NOW, existing }).accessToken).toBe('old-at');
  });

  it('prefers absolute expiry keys, in order, over relative ones', () => {
    const set = tokenSetFromResponse(
      { access_token: 'a', expires_in: 10, access_token_expires_at: nowSec() + 20, expires_at: nowSec() + 30 },
      { now: NOW },
    );
    expect(set.accessTokenExpiresAt).toEqual(at(30));
    const second = tokenSetFromResponse({ access_token: 'a', expires_in: 10, access_token_expires_at: nowSec() + 20 }, { now: NOW });
    expect(second.accessTokenExpiresAt).toEqual(at(20));
  });

  it('accepts ISO date-times as absolute expiries (naive values are UTC)', () => {
    const withZone = tokenSetFromResponse({ access_token: 'a', expires_at: '2030-01-01T01:00:00+01:00' }, { now: NOW });
    expect(withZone.accessTokenExpiresAt).toEqual(NOW);
    const naive = tokenSetFromResponse({ access_token: 'a', expires_at: '2030-01-01T02:00:00' }, { now: NOW });
    expect(naive.accessTokenExpiresAt).toEqual(at(7200));
  });

  it('skips an unusable absolute key and falls through to the next usable one', () => {
    const set = tokenSetFromResponse({ access_token: 'a', expires_at: 'soon', access_token_expires_in: 90 }, { now: NOW });
    expect(set.accessTokenExpiresAt).toEqual(at(90));
  });

  it('truncates relative lifetimes and ignores strings', () => {
    expect(tokenSetFromResponse({ access_token: 'a', expires_in: 59.9 }, { now: NOW }).accessTokenExpiresAt).toEqual(at(59));
    expect(tokenSetFromResponse({ access_token: 'a', expires_in: '3600' }, { now: NOW }).accessTokenExpiresAt).toBeNull();
  });

  it('does not count booleans as numbers (deliberate deviation from the reference)', () => {
    const set = tokenSetFromResponse({ access_token: 'a', expires_in: true, expires_at: true }, { now: NOW });
    expect(set.accessTokenExpiresAt).toBeNull();
  });

  it('reads refresh expiry from refresh_token_expires_at, then refresh_token_expires_in, then refresh_expires_in', () => {
    const abs = tokenSetFromResponse(
      { access_token: 'a', refresh_token_expires_at: nowSec() + 5, refresh_token_expires_in: 50 },
      { now: NOW },
    );
    expect(abs.refreshTokenExpiresAt).toEqual(at(5));
    expect(tokenSetFromResponse({ access_token: 'a', refresh_expires_in: 500 }, { now: NOW }).refreshTokenExpiresAt).toEqual(at(500));
  });
});

function nowSec(): number {
  return NOW.getTime() / 1000;
}

describe('tokenSetFromIdToken / tokenSetFromAccount', () => {
  it('copies fields verbatim and builds raw from the non-null ones with epoch-second expiries', () => {
    const set = tokenSetFromIdToken({ idToken: 'id', accessToken: 'at', accessTokenExpiresAt: new Date('2030-01-01T00:00:00.900Z') });
    expect(set).toMatchObject({ idToken: 'id', accessToken: 'at', refreshToken: null, scope: null, tokenType: null });
    expect(set.raw).toEqual({ id_token: 'id', access_token: 'at', expires_at: nowSec() });
  });

  it('builds the same shape from a stored account', () => {
    const set = tokenSetFromAccount({
      accessToken: 'at',
      refreshToken: 'rt',
      idToken: null,
      accessTokenExpiresAt: at(60),
      refreshTokenExpiresAt: at(120),
      scope: 'openid',
      tokenType: 'Bearer',
    });
    expect(set.idToken).toBeNull();
    expect(set.raw).toEqual({
      access_token: 'at',
      refresh_token: 'rt',
      token_type: 'Bearer',
      scope: 'openid',
      expires_at: nowSec() + 60,
      refresh_token_expires_at: nowSec() + 120,
    });
  });
});
