import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuthProvider } from '@belgie/nestjs-oauth';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import type { RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import { TEST_PLATFORMS, startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { appClientOptions, startOpForApp } from '../helpers/real-op-client.js';
import { expectSignedIn, useScenario, type Scenario } from '../helpers/signin-scenario.js';

/**
 * Cookies (issue 11 item 15): `__Host-` names when the base URL is https, and the form-post sign-out
 * route refuses cross-site requests (Fetch Metadata / Origin), not only through SameSite=Lax.
 */

describe.each(TEST_PLATFORMS)('sign-out refuses cross-site requests (%s)', (platform) => {
  let s: Scenario;

  useScenario({ stateStrategy: 'adapter', platform }, (started) => {
    s = started;
  });

  async function signedInBrowser(): Promise<TestBrowser> {
    const browser = new TestBrowser();
    expectSignedIn(await browser.request((await s.reachCallback(browser)).href));
    return browser;
  }

  async function signOut(browser: TestBrowser, headers: Record<string, string>): Promise<{ status: number; code: unknown }> {
    const response = await browser.request(`${s.baseUrl}/auth/sign-out`, { form: { any: 'field' }, headers });
    return { status: response.status, code: response.status === 302 ? null : (JSON.parse(response.body) as { code?: unknown }).code };
  }

  it.each([
    ['a cross-site form (Sec-Fetch-Site: cross-site)', { 'sec-fetch-site': 'cross-site' }],
    ['a sibling subdomain\'s form (Sec-Fetch-Site: same-site)', { 'sec-fetch-site': 'same-site' }],
    ['a foreign Origin without Fetch Metadata', { origin: 'http://evil.example' }],
    ['an opaque Origin (sandboxed iframe)', { origin: 'null' }],
  ])('logout CSRF: %s is refused with 403 cross_site_request and the session lives on', async (_label, headers) => {
    const browser = await signedInBrowser();
    expect(await signOut(browser, headers)).toEqual({ status: 403, code: 'cross_site_request' });
    expect((await browser.request(`${s.baseUrl}/me`)).status).toBe(200);
  });

  it.each([
    ['a same-origin form', () => ({ 'sec-fetch-site': 'same-origin', origin: s.baseUrl })],
    ['an Origin of our own without Fetch Metadata', () => ({ origin: s.baseUrl })],
    ['a non-browser client (neither header)', () => ({})],
  ])('%s signs out', async (_label, headers) => {
    const browser = await signedInBrowser();
    expect(await signOut(browser, headers())).toEqual({ status: 302, code: null });
    expect((await browser.request(`${s.baseUrl}/me`)).status).toBe(401);
  });
});

describe('__Host- cookie names behind an https base URL', () => {
  const BASE_URL = 'https://app.example';
  let op: RunningOidcProvider;
  let app: TestApp;
  let local: string;

  beforeAll(async () => {
    const port = await freePort();
    local = `http://127.0.0.1:${port}`;
    op = await startOpForApp([`${BASE_URL}/auth/provider/op/callback`]);
    app = await startTestApp({ port, baseUrl: BASE_URL, providers: [OAuthProvider({ id: 'op', ...appClientOptions(op.issuer) })] });
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await op?.stop();
  });

  /** `name=value` of the one Set-Cookie whose name is `name`; the attributes are checked on the way. */
  function hostCookie(setCookies: string[], name: string): string {
    const header = setCookies.find((line) => line.startsWith(`${name}=`));
    expect(header).toBeDefined();
    // What a browser requires of a __Host- cookie: Secure, Path=/, no Domain.
    expect(header).toMatch(/; Path=\/;/);
    expect(header).toMatch(/; Secure/);
    expect(header).not.toMatch(/Domain=/i);
    return (header ?? '').split(';')[0] ?? '';
  }

  it('cookie tossing: state and session cookies are __Host- prefixed, and only the prefixed session cookie is honoured', async () => {
    const go = await fetch(`${local}/go/op?login_hint=host-prefix@example.com`, { redirect: 'manual' });
    expect(go.status).toBe(302);
    const marker = hostCookie(go.headers.getSetCookie(), '__Host-belgie_oauth_op_state_marker');

    // The OP part runs in a real browser session; the callback is then replayed to our http listener.
    const callback = (await new TestBrowser().follow(go.headers.get('location') ?? '', { stopAt: (url) => url.hostname === 'app.example' })).stoppedAt;
    expect(callback?.pathname).toBe('/auth/provider/op/callback');
    const done = await fetch(`${local}${callback?.pathname}${callback?.search}`, { headers: { cookie: marker }, redirect: 'manual' });
    expect(done.status).toBe(302);
    const session = hostCookie(done.headers.getSetCookie(), '__Host-belgie_session');

    expect((await fetch(`${local}/me`, { headers: { cookie: session } })).status).toBe(200);
    // A cookie without the prefix (what a sibling subdomain or an http response could set) is not ours.
    const unprefixed = session.replace(/^__Host-/, '');
    expect((await fetch(`${local}/me`, { headers: { cookie: unprefixed } })).status).toBe(401);
  });
});
