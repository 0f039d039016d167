import { beforeAll, describe, expect, it } from '@jest/globals';
import { OAuthClients, OAuthError, type OAuthClient, type StateStrategy } from '@belgie/nestjs-oauth';
import { TestBrowser, type BrowserResponse } from '../helpers/browser.js';
import { expectSignedIn, useScenario, type Scenario } from '../helpers/signin-scenario.js';

/**
 * Open-redirect defence end to end (spec §6.1.1 + port-decisions): a hostile `return_to` is dropped at the
 * start, so a returning person lands on the default target (`/`). Also the size limits that keep the state
 * cookie deliverable.
 */

const STRATEGIES: StateStrategy[] = ['adapter', 'cookie'];
const RETURNING = 'returning@example.com';
const MAX_TARGET = 2048;
// Browsers drop a cookie whose Set-Cookie line exceeds ~4096 bytes; the library keeps a margin (4000).
const COOKIE_LIMIT_BYTES = 4000;

const HOSTILE_TARGETS: [string, string][] = [
  ['protocol-relative', '//evil.com/x'],
  ['slash-backslash', '/\\evil.com'],
  ['double backslash', '\\\\evil.com'],
  ['tab', '/\t/evil.com'],
  ['newline', '/\n/evil.com'],
  ['carriage return', '/\r/evil.com'],
  ['NUL', '/after\u0000'],
  ['userinfo', 'https://app@evil.com'],
  ['javascript:', 'javascript:alert(1)'],
  ['data:', 'data:text/html,<script>alert(1)</script>'],
  ['another scheme', 'ftp://127.0.0.1/x'],
  ['another origin', 'https://evil.com/after'],
];

describe.each(STRATEGIES)('redirect targets (state strategy %s)', (strategy) => {
  let s: Scenario;

  useScenario({ stateStrategy: strategy }, (started) => {
    s = started;
  });

  beforeAll(async () => {
    // A first sign-in creates the person; later ones are "returning" and honour return_to (a new person
    // would go to the newUserRedirectUrl instead).
    const browser = new TestBrowser();
    expectSignedIn(await browser.request((await s.reachCallback(browser, { loginHint: RETURNING })).href));
  }, 30_000);

  async function signInReturningTo(returnTo: string): Promise<BrowserResponse> {
    const browser = new TestBrowser();
    const callback = await s.reachCallback(browser, { loginHint: RETURNING, returnTo });
    const response = await browser.request(callback.href);
    expectSignedIn(response);
    return response;
  }

  it.each(HOSTILE_TARGETS)('a hostile return_to (%s) ends at the default target', async (_label, target) => {
    const response = await signInReturningTo(target);
    expect(response.headers.get('location')).toBe('/');
  });

  it.each([
    ['/é', '/%C3%A9'],
    ['/／／evil.example', '/%EF%BC%8F%EF%BC%8Fevil.example'],
  ])('a non-ASCII return_to (%s) is kept percent-encoded: no 500 after the session cookie was set', async (target, encoded) => {
    const response = await signInReturningTo(target);
    expect(response.headers.get('location')).toBe(encoded);
    // Still a path on our origin, not a protocol-relative URL to another host.
    expect(new URL(encoded, s.baseUrl).origin).toBe(s.baseUrl);
  });

  it('an oversized return_to is refused at the start with payload_too_large, not silently dropped', async () => {
    const response = await new TestBrowser().request(`${s.baseUrl}/login/op?return_to=/${'a'.repeat(MAX_TARGET)}`);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'payload_too_large' });
  });

  it('a same-origin relative return_to is kept with its query and fragment', async () => {
    const response = await signInReturningTo('/path?x=1#frag');
    expect(response.headers.get('location')).toBe('/path?x=1#frag');
  });

  it('a same-origin absolute return_to is kept without its fragment', async () => {
    const response = await signInReturningTo(`${s.baseUrl}/after?x=1#frag`);
    expect(response.headers.get('location')).toBe(`${s.baseUrl}/after?x=1`);
  });

  it('a max-size return_to survives the round trip, and the state cookie stays under 4 KB', async () => {
    const target = `/after?pad=${'a'.repeat(MAX_TARGET - '/after?pad='.length)}`;
    expect(target).toHaveLength(MAX_TARGET);
    const browser = new TestBrowser();
    const login = await browser.request(`${s.baseUrl}/login/op?${new URLSearchParams({ login_hint: RETURNING, return_to: target })}`);
    const start = await browser.request(login.location ?? '');
    const stateCookie = start.setCookies.find((header) => header.startsWith(`${s.stateCookieName()}=`));
    expect(stateCookie).toBeDefined();
    expect(Buffer.byteLength(stateCookie ?? '')).toBeLessThanOrEqual(COOKIE_LIMIT_BYTES);
    const trace = await browser.follow(start.location ?? '', { stopAt: (url) => url.pathname === '/auth/provider/op/callback' });
    const response = await browser.request(trace.stoppedAt?.href ?? '');
    expectSignedIn(response);
    expect(response.headers.get('location')).toBe(target);
  });

  describe('payload size', () => {
    let client: OAuthClient;

    beforeAll(() => {
      const found = s.app.app.get(OAuthClients).get('op');
      if (found === undefined) throw new Error('provider op is not registered');
      client = found;
    });

    async function rejection(promise: Promise<unknown>): Promise<OAuthError> {
      try {
        await promise;
      } catch (error) {
        if (error instanceof OAuthError) return error;
        throw error;
      }
      throw new Error('expected an OAuthError');
    }

    it('an oversized payload throws payload_too_large and stores nothing', async () => {
      const states = s.repository.counts().states;
      const error = await rejection(client.signInUrl({ payload: { blob: 'x'.repeat(2100) } }));
      expect(error.code).toBe('payload_too_large');
      // The message states the limit, never the payload.
      expect(error.message).not.toContain('xxxx');
      expect(s.repository.counts().states).toBe(states);
    });

    it('a payload at the limit with a max-size return_to: stored (adapter) or refused up front (cookie)', async () => {
      const payload = 'p'.repeat(2000);
      const returnTo = `/${'r'.repeat(MAX_TARGET - 1)}`;
      const attempt = client.signInUrl({ payload, returnTo });
      if (strategy === 'adapter') {
        // The row lives in the database; only a small marker travels in the cookie.
        await expect(attempt).resolves.toContain('/auth/provider/op/start?token=');
      } else {
        // Together they cannot fit one cookie: refused when the URL is built, not silently dropped by the browser.
        expect((await rejection(attempt)).code).toBe('payload_too_large');
      }
    });
  });
});
