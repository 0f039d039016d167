import { beforeEach, describe, expect, it } from '@jest/globals';
import type { StateStrategy } from '@belgie/nestjs-oauth';
import { TestBrowser } from '../helpers/browser.js';
import { expectRefused, expectSignedIn, useScenario, withParam, type Scenario } from '../helpers/signin-scenario.js';

/**
 * RFC 9207 (mix-up defence) against a real oidc-provider, which puts `iss` in every authorization response and
 * advertises `authorization_response_iss_parameter_supported`. Three providers on the same OP differ only in
 * `requireIssuerParameter`: `op` leaves it unset, `strict` sets true, `lenient` sets false.
 */

const STRATEGIES: StateStrategy[] = ['adapter', 'cookie'];
const PROVIDERS = [{ id: 'op' }, { id: 'strict', requireIssuerParameter: true }, { id: 'lenient', requireIssuerParameter: false }];

describe.each(STRATEGIES)('RFC 9207 iss and provider errors on the callback (state strategy %s)', (strategy) => {
  let s: Scenario;

  useScenario({ stateStrategy: strategy, providers: PROVIDERS }, (started) => {
    s = started;
  });

  beforeEach(async () => {
    s.logs.clear();
    await s.op.resetCounters();
  });

  /** Refused after the state check: nothing persisted, no token request, one warning with this code. */
  async function expectRefusedBeforeExchange(url: string, browser: TestBrowser, code: string, provider = 'op'): Promise<void> {
    const before = s.persisted();
    expectRefused(await browser.request(url), code);
    expect(s.persisted()).toEqual(before);
    expect(await s.op.counters()).not.toHaveProperty('token');
    expect(s.logs.warningEvents('oauth.callback_rejected')).toEqual([
      { event: 'oauth.callback_rejected', provider, code, check: code },
    ]);
  }

  it.each(PROVIDERS.map((p) => p.id))('iss present and right → signed in (%s)', async (provider) => {
    const browser = new TestBrowser();
    const callback = await s.reachCallback(browser, { provider, loginHint: `iss-${provider}@example.com` });
    // The real OP sends iss; this is the exact value we compare to (RFC 9207 §2.4: simple string comparison).
    expect(callback.searchParams.get('iss')).toBe(s.op.issuer);
    expectSignedIn(await browser.request(callback.href));
    expect(await s.codeExchanges()).toBe(1);
  });

  it.each([
    ['another issuer', 'https://evil.example'],
    ['a trailing slash', 'ISSUER/'],
    ['another case', 'ISSUER_UPPER'],
    ['an empty value', ''],
  ])('iss rewritten to %s → issuer_mismatch', async (_label, value) => {
    const browser = new TestBrowser();
    const callback = await s.reachCallback(browser);
    const iss = value.replace('ISSUER_UPPER', s.op.issuer.toUpperCase()).replace('ISSUER', s.op.issuer);
    await expectRefusedBeforeExchange(withParam(callback, 'iss', iss), browser, 'issuer_mismatch');
  });

  it.each([
    ['unset (the OP advertises support)', 'op'],
    ['true', 'strict'],
  ])('iss removed with requireIssuerParameter %s → issuer_missing', async (_label, provider) => {
    const browser = new TestBrowser();
    const callback = await s.reachCallback(browser, { provider });
    await expectRefusedBeforeExchange(withParam(callback, 'iss', null), browser, 'issuer_missing', provider);
  });

  it('iss removed with requireIssuerParameter false → signed in (checked only when present)', async () => {
    const browser = new TestBrowser();
    const callback = await s.reachCallback(browser, { provider: 'lenient', loginHint: 'no-iss@example.com' });
    expectSignedIn(await browser.request(withParam(callback, 'iss', null)));
    expect(await s.codeExchanges()).toBe(1);
  });

  it('iss wrong with requireIssuerParameter false → still issuer_mismatch', async () => {
    const browser = new TestBrowser();
    const callback = await s.reachCallback(browser, { provider: 'lenient' });
    await expectRefusedBeforeExchange(withParam(callback, 'iss', 'https://evil.example'), browser, 'issuer_mismatch', 'lenient');
  });

  it('duplicated iss (even twice the right value) → issuer_mismatch (no "last one wins")', async () => {
    for (const second of [s.op.issuer, 'https://evil.example']) {
      s.logs.clear();
      const browser = new TestBrowser();
      const callback = await s.reachCallback(browser);
      const url = new URL(callback.href);
      url.searchParams.append('iss', second);
      await expectRefusedBeforeExchange(url.href, browser, 'issuer_mismatch');
    }
  });

  it('provider error=access_denied with the real state → /auth/error?error=access_denied', async () => {
    const browser = new TestBrowser();
    const callback = await s.reachCallback(browser);
    const denied = new URL(callback.pathname, s.baseUrl);
    denied.searchParams.set('error', 'access_denied');
    denied.searchParams.set('error_description', 'The user denied the request');
    denied.searchParams.set('state', callback.searchParams.get('state') ?? '');
    denied.searchParams.set('iss', s.op.issuer);
    await expectRefusedBeforeExchange(denied.href, browser, 'access_denied');
  });

  it.each([
    ['contains whitespace', 'access denied\r\nSet-Cookie: x=1'],
    ['contains a quote', 'bad"error'],
    ['is oversized', 'e'.repeat(65)],
    ['is markup (reflected XSS on the error page)', '<svg/onload=alert(1)>'],
    ['is a sentence (phishing text on the error page)', 'Your_account_is_locked,call_+1-555'],
    ['has upper-case letters (not an RFC 6749 code)', 'Access_Denied'],
  ])('attack: a provider error that %s is not echoed → oauth_callback_failed', async (_label, error) => {
    const browser = new TestBrowser();
    const callback = await s.reachCallback(browser);
    await expectRefusedBeforeExchange(withParam(callback, 'error', error), browser, 'oauth_callback_failed');
  });
});
