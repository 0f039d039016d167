import { beforeEach, describe, expect, it } from '@jest/globals';
import type { StateStrategy } from '@belgie/nestjs-oauth';
import { TestClock } from '@belgie/nestjs-oauth/testing';
import { TestBrowser, type BrowserResponse } from '../helpers/browser.js';
import { LogCapture } from '../helpers/log-capture.js';
import { TEST_SECRET } from '../helpers/oauth-test-app.js';
import {
  clientSecretFor,
  expectRefused,
  expectSignedIn,
  tamper,
  useScenario,
  withParam,
  type PersistedCounts,
  type Scenario,
} from '../helpers/signin-scenario.js';

/**
 * What the redirect flow refuses about the OAuth state (issue "foundation", spec §6.2/§6.5/§6.8, port-decisions):
 * every refusal is a 302 to `/auth/error?error=<code>`, persists nothing, never reaches the OP's token endpoint
 * and logs exactly one `oauth.callback_rejected` warning.
 */

const ELEVEN_MINUTES_MS = 11 * 60 * 1000;
const STRATEGIES: StateStrategy[] = ['adapter', 'cookie'];

describe.each(STRATEGIES)('refused callbacks: OAuth state (state strategy %s)', (strategy) => {
  const clock = new TestClock();
  const logs = new LogCapture();
  let s: Scenario;

  useScenario({ stateStrategy: strategy, clock, logs, providers: [{ id: 'op' }, { id: 'other' }] }, (started) => {
    s = started;
  });

  beforeEach(async () => {
    // The TestClock is frozen: keep it near the OP's real time so ID-token iat checks pass in success paths.
    clock.set(new Date());
    logs.clear();
    await s.op.resetCounters();
  });

  /** The refusal left nothing behind: no row, no token request, and one warning naming the check. */
  async function expectNoTrace(before: PersistedCounts, code: string, provider = 'op'): Promise<void> {
    expect(s.persisted()).toEqual(before);
    expect(await s.op.counters()).not.toHaveProperty('token');
    expect(logs.warningEvents('oauth.callback_rejected')).toEqual([
      { event: 'oauth.callback_rejected', provider, code, check: expect.stringMatching(/\S/) },
    ]);
  }

  async function refuse(browser: TestBrowser, url: string, code: string, provider = 'op'): Promise<BrowserResponse> {
    const before = s.persisted();
    const response = await browser.request(url);
    expectRefused(response, code);
    await expectNoTrace(before, code, provider);
    return response;
  }

  it('missing state → state_mismatch, and the state is left untouched', async () => {
    const browser = new TestBrowser();
    const callback = await s.reachCallback(browser);
    const statesBefore = s.repository.counts().states;
    await refuse(browser, withParam(callback, 'state', null), 'state_mismatch');
    // Refused before the store is asked: an adapter row is not consumed.
    expect(s.repository.counts().states).toBe(statesBefore);
  });

  it('unknown or tampered state value → state_not_found; the genuine callback still completes', async () => {
    const browser = new TestBrowser();
    const callback = await s.reachCallback(browser);
    const cookieName = s.stateCookieName();
    const saved = browser.cookies(s.baseUrl)[cookieName] ?? '';
    expect(saved).not.toBe('');
    const realState = callback.searchParams.get('state') ?? '';
    for (const forged of ['completely-unknown-state-value', tamper(realState)]) {
      await refuse(browser, withParam(callback, 'state', forged), 'state_not_found');
      // The refusal cleared the cookie in the browser; put it back to prove nothing server-side was burned.
      expect(browser.cookies(s.baseUrl)).not.toHaveProperty(cookieName);
      browser.setCookie(s.baseUrl, cookieName, saved);
      logs.clear();
    }
    expectSignedIn(await browser.request(callback.href));
    expect(await s.codeExchanges()).toBe(1);
  });

  it('tampered state cookie → state_not_found; the untampered cookie still works', async () => {
    const browser = new TestBrowser();
    const callback = await s.reachCallback(browser);
    const cookieName = s.stateCookieName();
    const saved = browser.cookies(s.baseUrl)[cookieName] ?? '';
    browser.setCookie(s.baseUrl, cookieName, tamper(saved));
    await refuse(browser, callback.href, 'state_not_found');
    browser.setCookie(s.baseUrl, cookieName, saved);
    expectSignedIn(await browser.request(callback.href));
  });

  it('expired state (callback 11 minutes after the start) → state_not_found', async () => {
    const browser = new TestBrowser();
    const callback = await s.reachCallback(browser);
    clock.advance(ELEVEN_MINUTES_MS);
    // The browser's jar runs on real time, so it still sends the cookie: the server must refuse by itself.
    expect(browser.cookies(s.baseUrl)).toHaveProperty(s.stateCookieName());
    await refuse(browser, callback.href, 'state_not_found');
  });

  it('replay of a consumed callback is refused', async () => {
    const browser = new TestBrowser();
    const callback = await s.reachCallback(browser);
    const cookieName = s.stateCookieName();
    const saved = browser.cookies(s.baseUrl)[cookieName] ?? '';
    expectSignedIn(await browser.request(callback.href));
    // The success response cleared the state cookie: a plain replay is refused by either strategy.
    expect(browser.cookies(s.baseUrl)).not.toHaveProperty(cookieName);
    logs.clear();
    await s.op.resetCounters();
    await refuse(browser, callback.href, 'state_not_found');

    // An attacker who kept the cookie re-sets it by hand.
    browser.setCookie(s.baseUrl, cookieName, saved);
    logs.clear();
    const before = s.persisted();
    const replay = await browser.request(callback.href);
    if (strategy === 'adapter') {
      // The row was deleted atomically by the first callback: the state is simply gone.
      expectRefused(replay, 'state_not_found');
      await expectNoTrace(before, 'state_not_found');
    } else {
      // The cookie strategy stores nothing server-side, so the state itself still validates (spec §6.2: "replay
      // protection relies on cookie deletion and the IdP's single-use code"). The OP refuses the used code, which
      // surfaces as oauth_code_verification_failed, and still nothing is persisted.
      expectRefused(replay, 'oauth_code_verification_failed');
      expect(s.persisted()).toEqual(before);
      expect(await s.codeExchanges()).toBe(1);
      expect(logs.warningEvents('oauth.callback_rejected')).toEqual([
        expect.objectContaining({ provider: 'op', code: 'oauth_code_verification_failed' }),
      ]);
    }
  });

  it("state minted for provider A delivered to provider B's callback → state_not_found, no token request", async () => {
    const browser = new TestBrowser();
    const callback = await s.reachCallback(browser, { provider: 'op' });
    const toOther = new URL(callback.href);
    toOther.pathname = '/auth/provider/other/callback';
    // B never started a flow in this browser: there is no B cookie at all.
    await refuse(browser, toOther.href, 'state_not_found', 'other');
    // B has a flow of its own in progress: A's state still does not match B's cookie, and B's flow survives.
    const otherCallback = await s.reachCallback(browser, { provider: 'other' });
    const otherCookie = s.stateCookieName('other');
    const savedOther = browser.cookies(s.baseUrl)[otherCookie] ?? '';
    logs.clear();
    await refuse(browser, toOther.href, 'state_not_found', 'other');
    browser.setCookie(s.baseUrl, otherCookie, savedOther);
    expectSignedIn(await browser.request(otherCallback.href));
    // A's own flow was never touched either (its cookie is a different one).
    expectSignedIn(await browser.request(callback.href));
  });

  it('login CSRF: a callback delivered in a browser that never started the flow → state_not_found', async () => {
    const victim = new TestBrowser();
    const callback = await s.reachCallback(victim, { loginHint: 'victim@example.com' });
    const attacker = new TestBrowser();
    const response = await refuse(attacker, callback.href, 'state_not_found');
    expect(response.setCookies.some((header) => header.startsWith('belgie_session='))).toBe(false);
    expect((await attacker.request(`${s.baseUrl}/me`)).status).toBe(401);
    // The legitimate browser can still finish: the adapter row was not burned and the code was not exchanged.
    expectSignedIn(await victim.request(callback.href));
    const me = JSON.parse((await victim.request(`${s.baseUrl}/me`)).body) as { individual: { email: string } };
    expect(me.individual.email).toBe('victim@example.com');
  });
});

describe('refused callbacks: parallel deliveries (state strategy adapter)', () => {
  let s: Scenario;

  useScenario({ stateStrategy: 'adapter' }, (started) => {
    s = started;
  });

  it('10 parallel deliveries of one callback (same cookies) → exactly one success and one code exchange', async () => {
    const browser = new TestBrowser();
    const callback = await s.reachCallback(browser, { loginHint: 'parallel@example.com' });
    await s.op.resetCounters();
    s.logs.clear();
    // Each request reads the cookie jar before its first await, so all ten carry the same state cookie.
    const responses = await Promise.all(Array.from({ length: 10 }, () => browser.request(callback.href)));
    const winners = responses.filter((response) => response.setCookies.some((h) => /^belgie_session=[^;]+;/.test(h)));
    expect(winners).toHaveLength(1);
    for (const winner of winners) expectSignedIn(winner);
    for (const loser of responses.filter((response) => !winners.includes(response))) expectRefused(loser, 'state_not_found');
    expect(await s.codeExchanges()).toBe(1);
    expect(s.persisted()).toEqual({ individuals: 1, accounts: 1, sessions: 1 });
    expect(s.logs.warningEvents('oauth.callback_rejected')).toHaveLength(9);
  });
});

describe('logging: no secrets, one warning per refused callback', () => {
  let s: Scenario;

  useScenario({ stateStrategy: 'adapter' }, (started) => {
    s = started;
  });

  it('never logs the code, tokens, the client secret or the module secret', async () => {
    s.logs.clear();
    const browser = new TestBrowser();
    const callback = await s.reachCallback(browser, { loginHint: 'logs@example.com' });
    const code = callback.searchParams.get('code') ?? '';
    expect(code).not.toBe('');
    expectSignedIn(await browser.request(callback.href));
    // A refused callback that carries a (now used) code: its rejection must not echo it either.
    const refused = await new TestBrowser().request(callback.href);
    expectRefused(refused, 'state_not_found');

    const individual = await s.repository.findIndividualByEmail('logs@example.com');
    const [account] = await s.repository.listAccounts(individual?.id ?? '', 'op');
    const accessToken = account?.accessToken ?? '';
    expect(accessToken).not.toBe('');
    const secrets = [code, accessToken, account?.idToken ?? '', clientSecretFor('op'), TEST_SECRET];
    expect(s.logs.linesContaining(secrets)).toEqual([]);
    // The refusal was logged (so the capture works), as exactly one warning naming the failed check.
    expect(s.logs.warningEvents('oauth.callback_rejected')).toEqual([
      { event: 'oauth.callback_rejected', provider: 'op', code: 'state_not_found', check: 'state_not_found' },
    ]);
  });
});
