import { describe, expect, it } from '@jest/globals';
import { normalizeRedirectTarget, withErrorParameter } from './redirect-target.js';

const BASE = 'https://app.example';
const normalize = (target: string | null | undefined, trusted: readonly string[] = []) =>
  normalizeRedirectTarget(target, BASE, trusted);

describe('normalizeRedirectTarget (spec §6.1.1 + port-decisions hardening)', () => {
  it('treats empty input as "no target"', () => {
    expect(normalize(null)).toBeNull();
    expect(normalize(undefined)).toBeNull();
    expect(normalize('')).toBeNull();
  });

  it('keeps a same-origin relative path verbatim, query and fragment included', () => {
    expect(normalize('/')).toBe('/');
    expect(normalize('/path?x')).toBe('/path?x');
    expect(normalize('/path?x=1&y=2#frag')).toBe('/path?x=1&y=2#frag');
    // Percent-encoded bytes are not decoded by URL parsing, so the browser stays on our origin.
    expect(normalize('/%09/evil.com')).toBe('/%09/evil.com');
    expect(normalize('/%2F%2Fevil.com')).toBe('/%2F%2Fevil.com');
    // Dot segments cannot climb out of the origin either ("https://app.example//evil.com" is still ours).
    expect(normalize('/..//evil.com')).toBe('/..//evil.com');
    expect(new URL('/..//evil.com', BASE).origin).toBe(BASE);
  });

  it.each([
    ['protocol-relative', '//evil.com'],
    ['protocol-relative with path', '//evil.com/path'],
    ['slash-backslash (browsers read "//evil.com")', '/\\evil.com'],
    ['double backslash', '\\\\evil.com'],
    ['backslash inside the path', '/ok\\..\\evil'],
    ['relative without a leading slash', 'after'],
    ['dot-relative', './after'],
    ['leading space before //', ' //evil.com'],
  ])('drops a %s target', (_label, target) => {
    expect(normalize(target)).toBeNull();
  });

  it.each([
    ['tab', '/\t/evil.com'],
    ['tab between slashes', '/\t/'],
    ['newline', '/\n/evil.com'],
    ['carriage return', '/after\r\nSet-Cookie: x=1'],
    ['NUL', '/after\u0000'],
    ['DEL', '/after\u007f'],
    ['tab in an absolute same-origin URL', 'https://app.example/\tx'],
  ])('drops a target with a control character (%s): browsers strip them and see another URL', (_label, target) => {
    expect(normalize(target)).toBeNull();
  });

  it.each([
    ['userinfo naming our host', 'https://app.example@evil.com/'],
    ['userinfo "app"', 'https://app@evil.com'],
    ['userinfo on our own origin', 'https://user:pass@app.example/x'],
    ['backslash-userinfo trick', 'https://evil.com\\@app.example/'],
    ['javascript:', 'javascript:alert(1)'],
    ['JavaScript: in mixed case', 'JaVaScRiPt:alert(1)'],
    ['data:', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['another scheme on our host', 'ftp://app.example/file'],
    ['http instead of https (another origin)', 'http://app.example/after'],
    ['another port', 'https://app.example:8443/after'],
    ['another origin', 'https://evil.com/after'],
    ['a suffix of our host', 'https://app.example.evil.com/after'],
    ['a subdomain of ours', 'https://sub.app.example/after'],
    ['an unparsable URL', 'https://'],
  ])('drops an absolute target with %s', (_label, target) => {
    expect(normalize(target)).toBeNull();
  });

  it('keeps a same-origin absolute URL without its fragment', () => {
    expect(normalize('https://app.example/after?x=1#frag')).toBe('https://app.example/after?x=1');
    expect(normalize('https://app.example/after#')).toBe('https://app.example/after');
    // Scheme and host compare case-insensitively; the default port is the same origin.
    expect(normalize('HTTPS://APP.EXAMPLE:443/Path#x')).toBe('https://app.example/Path');
  });

  it('accepts only the explicitly trusted extra origins', () => {
    const trusted = ['https://admin.example'];
    expect(normalize('https://admin.example/x#y', trusted)).toBe('https://admin.example/x');
    expect(normalize('https://admin.example.evil.com/x', trusted)).toBeNull();
    expect(normalize('https://admin.example/x')).toBeNull();
  });

  it('percent-encodes non-ASCII characters (a raw one is refused in a Location header), keeping the target a path', () => {
    expect(normalize('/é')).toBe('/%C3%A9');
    expect(normalize('/／／evil.example')).toBe('/%EF%BC%8F%EF%BC%8Fevil.example');
    expect(new URL(normalize('/／／evil.example') ?? '', BASE).origin).toBe(BASE);
    expect(normalize('/a?q=ü#ß')).toBe('/a?q=%C3%BC#%C3%9F');
    expect(normalize(`${BASE}/é#x`)).toBe(`${BASE}/%C3%A9`);
    // A lone surrogate is not encodable, so it is not a URL.
    expect(normalize('/\ud800')).toBeNull();
  });
});

describe('withErrorParameter (spec §6.8)', () => {
  it('adds error to a URL without a query', () => {
    expect(withErrorParameter('/auth/error', 'state_not_found')).toBe('/auth/error?error=state_not_found');
  });

  it('merges into an existing query', () => {
    expect(withErrorParameter('/auth/error?lang=en', 'issuer_mismatch')).toBe('/auth/error?lang=en&error=issuer_mismatch');
  });

  it('replaces an existing error (every occurrence) instead of adding a second one', () => {
    expect(withErrorParameter('/e?error=old&lang=en', 'access_denied')).toBe('/e?error=access_denied&lang=en');
    const url = withErrorParameter('/e?error=a&error=b', 'state_mismatch');
    expect(new URL(url, BASE).searchParams.getAll('error')).toEqual(['state_mismatch']);
  });

  it('keeps the fragment after the query', () => {
    expect(withErrorParameter('/e#top', 'state_not_found')).toBe('/e?error=state_not_found#top');
    expect(withErrorParameter('/e?x=1#frag?not=query', 'state_not_found')).toBe('/e?x=1&error=state_not_found#frag?not=query');
    expect(withErrorParameter('https://app.example/e?x=1#f', 'c')).toBe('https://app.example/e?x=1&error=c#f');
  });

  it('encodes the code, so it cannot add parameters or break out of the query', () => {
    const url = withErrorParameter('/e', 'a b&next=https://evil.com#x');
    const parsed = new URL(url, BASE);
    expect(parsed.searchParams.get('error')).toBe('a b&next=https://evil.com#x');
    expect(parsed.searchParams.has('next')).toBe(false);
    expect(parsed.hash).toBe('');
  });
});
