import { describe, expect, it } from '@jest/globals';
import type { StateStrategy } from '@belgie/nestjs-oauth';
import { TestBrowser } from '../helpers/browser.js';
import { TEST_PLATFORMS, type TestPlatform } from '../helpers/oauth-test-app.js';
import { expectRefused, expectSignedIn, useScenario, type Scenario } from '../helpers/signin-scenario.js';

/**
 * Login CSRF through the start URL (issue 11 item 3, RFC 9700 §4.7) and the one-hop start (item 5).
 * A start URL carries only the request's options: every browser that opens it gets its own state, so a
 * callback the attacker obtained for himself never completes in someone else's browser.
 */

const STRATEGIES: StateStrategy[] = ['adapter', 'cookie'];
const MATRIX: [TestPlatform, StateStrategy][] = TEST_PLATFORMS.flatMap((platform) =>
  STRATEGIES.map((strategy): [TestPlatform, StateStrategy] => [platform, strategy]),
);
const ATTACKER = 'mallory@example.com';

describe.each(MATRIX)('start URLs and one-hop starts on %s (state strategy %s)', (platform, strategy) => {
  let s: Scenario;

  useScenario({ stateStrategy: strategy, platform }, (started) => {
    s = started;
  });

  const isCallback = (url: URL) => url.pathname === '/auth/provider/op/callback';

  /** The app's start URL for a sign-in as `email` (the test app's `/login/:provider` answers with it). */
  async function startUrl(email: string): Promise<string> {
    const login = await new TestBrowser().request(`${s.baseUrl}/login/op?login_hint=${encodeURIComponent(email)}`);
    expect(login.location).toMatch(/\/auth\/provider\/op\/start\?token=/);
    return login.location ?? '';
  }

  async function signedInEmail(browser: TestBrowser): Promise<string | null> {
    const me = await browser.request(`${s.baseUrl}/me`);
    return me.status === 200 ? ((JSON.parse(me.body) as { individual: { email: string } }).individual.email) : null;
  }

  it('login CSRF: the attacker opens the start URL, signs in at the OP as himself and hands the victim the start URL then his callback URL; the victim is not signed in', async () => {
    const url = await startUrl(ATTACKER);
    const attacker = new TestBrowser();
    const attackerCallback = (await attacker.follow(url, { stopAt: isCallback })).stoppedAt;
    expect(attackerCallback).not.toBeNull();

    const victim = new TestBrowser();
    // The victim opens the same start URL (it plants the victim's own, unrelated state) ...
    const victimStart = await victim.request(url);
    expect(victimStart.status).toBe(302);
    const before = s.persisted();
    // ... and then the attacker's callback URL.
    expectRefused(await victim.request(attackerCallback?.href ?? ''), 'state_not_found');
    expect(await signedInEmail(victim)).toBeNull();
    expect(s.persisted()).toEqual(before);
    // The attacker's own flow is untouched by the victim's attempt.
    expectSignedIn(await attacker.request(attackerCallback?.href ?? ''));
    expect(await signedInEmail(attacker)).toBe(ATTACKER);
  });

  it('state replay: one start URL opened twice starts two flows with different state, nonce and PKCE challenge', async () => {
    const url = await startUrl('twice@example.com');
    const first = new URL((await new TestBrowser().request(url)).location ?? '');
    const second = new URL((await new TestBrowser().request(url)).location ?? '');
    for (const name of ['state', 'nonce', 'code_challenge']) {
      expect(first.searchParams.get(name)).toEqual(expect.any(String));
      expect(first.searchParams.get(name)).not.toBe(second.searchParams.get(name));
    }
  });

  it('one-hop start: the app route sets the state cookie and redirects straight to the provider; the sign-in completes', async () => {
    const browser = new TestBrowser();
    const go = await browser.request(`${s.baseUrl}/go/op?login_hint=onehop@example.com&return_to=/after`);
    expect(go.status).toBe(302);
    expect(new URL(go.location ?? '').origin).toBe(s.op.issuer);
    expect(go.setCookies.some((header) => header.startsWith(`${s.stateCookieName()}=`))).toBe(true);
    expect(go.headers.get('cache-control')).toBe('no-store');
    const callback = (await browser.follow(go.location ?? '', { stopAt: isCallback })).stoppedAt;
    const response = await browser.request(callback?.href ?? '');
    expectSignedIn(response);
    expect(await signedInEmail(browser)).toBe('onehop@example.com');
  });

  it('login CSRF through the one-hop start: a callback obtained by the attacker is refused in the victim\'s browser', async () => {
    const attacker = new TestBrowser();
    const callback = (await attacker.follow(`${s.baseUrl}/go/op?login_hint=${ATTACKER}`, { stopAt: isCallback })).stoppedAt;
    const victim = new TestBrowser();
    await victim.request(`${s.baseUrl}/go/op?login_hint=victim@example.com`);
    expectRefused(await victim.request(callback?.href ?? ''), 'state_not_found');
    expect(await signedInEmail(victim)).toBeNull();
  });

  it('oversized start input: a return_to over 2048 characters is refused with payload_too_large and stores nothing', async () => {
    const states = s.repository.counts().states;
    for (const route of ['login', 'go']) {
      const response = await new TestBrowser().request(`${s.baseUrl}/${route}/op?return_to=/${'a'.repeat(2048)}`);
      expect({ status: response.status, code: (JSON.parse(response.body) as { code: string }).code }).toEqual({ status: 400, code: 'payload_too_large' });
      expect(response.setCookies).toEqual([]);
    }
    expect(s.repository.counts().states).toBe(states);
  });
});
