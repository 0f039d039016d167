import { beforeEach, describe, expect, it } from '@jest/globals';
import { TestClock } from '@belgie/nestjs-oauth/testing';
import { TestBrowser } from '../helpers/browser.js';
import { expectSignedIn, useScenario, type Scenario } from '../helpers/signin-scenario.js';

/**
 * Sessions (issue 11 item 16): an absolute lifetime next to the sliding one, and a sign-in ends the
 * session the browser already held (session fixation).
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const SESSION_COOKIE = 'belgie_session';

describe('session lifetime and fixation', () => {
  const clock = new TestClock();
  let s: Scenario;

  useScenario({ stateStrategy: 'adapter', clock }, (started) => {
    s = started;
  });

  beforeEach(() => {
    // Near the OP's real time, so its ID tokens' iat checks pass.
    clock.set(new Date());
  });

  async function signIn(browser: TestBrowser, email: string): Promise<string> {
    const response = await browser.request((await s.reachCallback(browser, { loginHint: email })).href);
    expectSignedIn(response);
    return browser.cookies(s.baseUrl)[SESSION_COOKIE] ?? '';
  }

  async function me(token: string): Promise<{ status: number; renewedMaxAge: number | null }> {
    const browser = new TestBrowser();
    browser.setCookie(s.baseUrl, SESSION_COOKIE, token);
    const response = await browser.request(`${s.baseUrl}/me`);
    const renewed = response.setCookies.find((header) => header.startsWith(`${SESSION_COOKIE}=`));
    const maxAge = renewed === undefined ? null : Number(/Max-Age=(\d+)/.exec(renewed)?.[1]);
    return { status: response.status, renewedMaxAge: maxAge };
  }

  async function meStatus(token: string): Promise<number> {
    return (await me(token)).status;
  }

  it('session fixation: a session planted in the victim\'s browser is ended by the victim\'s sign-in', async () => {
    const attacker = new TestBrowser();
    const planted = await signIn(attacker, 'fixer@example.com');
    const victim = new TestBrowser();
    victim.setCookie(s.baseUrl, SESSION_COOKIE, planted);
    const sessionsBefore = s.persisted().sessions;

    const fresh = await signIn(victim, 'victim-of-fixation@example.com');
    expect(fresh).not.toBe(planted);
    expect(await meStatus(planted)).toBe(401);
    expect(await meStatus(fresh)).toBe(200);
    // One session replaced another: the table did not grow.
    expect(s.persisted().sessions).toBe(sessionsBefore);
  });

  it('signing in again in the same browser ends the previous session', async () => {
    const browser = new TestBrowser();
    const first = await signIn(browser, 'twice-signed@example.com');
    const second = await signIn(browser, 'twice-signed@example.com');
    expect(await meStatus(first)).toBe(401);
    expect(await meStatus(second)).toBe(200);
  });

  it('absolute lifetime: a session used every 12 hours slides, but still ends 30 days after sign-in', async () => {
    const token = await signIn(new TestBrowser(), 'daily@example.com');
    // The repository stamps createdAt with its own (real) clock, a few ms after the test clock's reading.
    const absoluteEnd = clock.now().getTime() + 30 * DAY_MS;
    while (clock.now().getTime() + 12 * HOUR_MS < absoluteEnd) {
      clock.advance(12 * HOUR_MS);
      // Well past the 7-day sliding max age: only use keeps it alive ...
      const { status, renewedMaxAge } = await me(token);
      expect(status).toBe(200);
      // ... and a renewed cookie never outlives the absolute end.
      if (renewedMaxAge !== null) expect(renewedMaxAge * 1000).toBeLessThanOrEqual(absoluteEnd - clock.now().getTime() + 60_000);
    }
    clock.set(new Date(absoluteEnd + 60_000));
    expect(await meStatus(token)).toBe(401);
  });
});
