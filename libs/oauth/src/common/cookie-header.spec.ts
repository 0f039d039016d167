import { describe, expect, it } from '@jest/globals';
import { cookie, expiredCookie, parseCookieHeader, serializeSetCookie, type CookieSettings } from './cookie-header.js';

const SECURE: CookieSettings = { secure: true, sameSite: 'lax', domain: null };

describe('serializeSetCookie', () => {
  it('writes every attribute in a stable order', () => {
    const header = serializeSetCookie(
      cookie('belgie_oauth_google_state', 'v1.abcdEFGH.x-y_z', 600, { secure: true, sameSite: 'none', domain: 'example.com' }),
    );
    expect(header).toBe(
      'belgie_oauth_google_state=v1.abcdEFGH.x-y_z; Max-Age=600; Path=/; Domain=example.com; HttpOnly; Secure; SameSite=None',
    );
  });

  it('omits Domain, Secure and HttpOnly when not set and labels SameSite', () => {
    expect(serializeSetCookie({ ...cookie('a', 'b', 1, { secure: false, sameSite: 'strict', domain: null }), httpOnly: false })).toBe(
      'a=b; Max-Age=1; Path=/; SameSite=Strict',
    );
    expect(serializeSetCookie(cookie('a', 'b', 1, SECURE))).toBe('a=b; Max-Age=1; Path=/; HttpOnly; Secure; SameSite=Lax');
  });

  it('serialises a deletion cookie with an empty value and Max-Age 0', () => {
    const expired = expiredCookie('belgie_oauth_x_state', SECURE);
    expect(expired).toEqual({
      name: 'belgie_oauth_x_state',
      value: '',
      maxAge: 0,
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'lax',
      domain: null,
    });
    expect(serializeSetCookie(expired)).toBe('belgie_oauth_x_state=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax');
    expect(expiredCookie('n', SECURE, '/auth').path).toBe('/auth');
  });

  it('throws on unsafe names, values and attributes (header injection)', () => {
    const base = cookie('ok', 'ok', 1, SECURE);
    for (const name of ['', 'a b', 'a;b', 'a=b', 'a,b', 'é', 'a\r\nSet-Cookie: x']) {
      expect(() => serializeSetCookie({ ...base, name })).toThrow(TypeError);
    }
    for (const value of ['a b', 'a;b', 'a,b', 'a"b', 'a\\b', 'é', 'a\nb']) {
      expect(() => serializeSetCookie({ ...base, value })).toThrow(TypeError);
    }
    expect(() => serializeSetCookie({ ...base, maxAge: -1 })).toThrow(TypeError);
    expect(() => serializeSetCookie({ ...base, maxAge: 1.5 })).toThrow(TypeError);
    expect(() => serializeSetCookie({ ...base, path: '/a;b' })).toThrow(TypeError);
    expect(() => serializeSetCookie({ ...base, path: 'relative' })).toThrow(TypeError);
    expect(() => serializeSetCookie({ ...base, domain: 'a.com; Secure' })).toThrow(TypeError);
  });

  it('does not echo the cookie value in its error', () => {
    let message = '';
    try {
      serializeSetCookie(cookie('sess', 'secret value', 1, SECURE));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('sess');
    expect(message).not.toContain('secret value');
  });
});

describe('parseCookieHeader', () => {
  it('parses pairs, trims whitespace and keeps values verbatim', () => {
    expect(parseCookieHeader('a=1; b = two ;c=x%20y; d="q"; e=v1.k.b==')).toEqual({
      a: '1',
      b: 'two',
      c: 'x%20y',
      d: '"q"',
      e: 'v1.k.b==',
    });
  });

  it('lets the first occurrence win', () => {
    expect(parseCookieHeader('s=first; s=second')['s']).toBe('first');
  });

  it('tolerates junk and empty input', () => {
    expect(parseCookieHeader(undefined)).toEqual({});
    expect(parseCookieHeader('')).toEqual({});
    expect(parseCookieHeader(';;novalue; =x; ok=1;')).toEqual({ ok: '1' });
    expect(parseCookieHeader('empty=')['empty']).toBe('');
  });

  it('treats __proto__ and constructor as plain keys', () => {
    const parsed = parseCookieHeader('__proto__=x; constructor=y');
    expect(parsed['__proto__']).toBe('x');
    expect(parsed['constructor']).toBe('y');
    expect(parseCookieHeader('a=1')['toString']).toBeUndefined();
    expect(Object.getPrototypeOf(parsed)).toBeNull();
  });
});
