import { describe, expect, it } from '@jest/globals';
import { OAuthProvider } from '@belgie/nestjs-oauth';
import { MisbehavingOp, type OpReply } from '../fixtures/misbehaving-op/index.js';
import { jsonCall } from '../helpers/app-session-flows.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { startTestApp } from '../helpers/oauth-test-app.js';
import { CLIENT_ID, CLIENT_SECRET, RpHarness, TIMEOUT_MS, useRpHarness } from './rp-harness.js';
import { WriteCountingRepository } from './write-counting-repository.js';

/**
 * Provider availability: bootstrap never waits for a provider; discovery and JWKS outages after a
 * successful start are ridden out with the cached documents; without a cache the flow fails fast.
 */

const DISCOVERY_TTL_MS = 60_000;
const JWKS_MAX_AGE_MS = 10 * 60_000;

describe('faults: bootstrap with unreachable providers', () => {
  it('the app starts at once with one provider refusing connections and one hanging; starting a sign-in answers 503 provider_unavailable, bounded', async () => {
    const hanging = await MisbehavingOp.start({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    hanging.script({ respond: { discovery: () => ({ kind: 'hang' }) } });
    const closedPort = await freePort();
    const repository = new WriteCountingRepository();
    const common = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: ['openid'], timeoutMs: TIMEOUT_MS, defaultErrorRedirectUrl: '/auth/error' };
    const bootStarted = Date.now();
    const app = await startTestApp({
      port: await freePort(),
      repository,
      providers: [
        OAuthProvider({ id: 'refused', discoveryUrl: `http://127.0.0.1:${closedPort}/.well-known/openid-configuration`, ...common }),
        OAuthProvider({ id: 'hanging', discoveryUrl: hanging.discoveryUrl, ...common }),
      ],
    });
    try {
      expect(Date.now() - bootStarted).toBeLessThan(2_000);
      // Bootstrap does not even ask: metadata is fetched on first use.
      expect(hanging.calls.discovery).toBe(0);
      for (const id of ['refused', 'hanging']) {
        const started = Date.now();
        const response = await jsonCall(new TestBrowser(), `${app.baseUrl}/login/${id}`);
        expect({ status: response.status, code: response.body['code'] }).toEqual({ status: 503, code: 'provider_unavailable' });
        expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2_000);
      }
      expect(hanging.calls).toEqual({ discovery: 1, jwks: 0, authorize: 0, token: 0, userinfo: 0 });
      // Nothing stored, not even a state: the provider URL is built before anything is persisted.
      expect(repository.counts()).toEqual({ individuals: 0, sessions: 0, accounts: 0, states: 0 });
      expect(repository.writes).toEqual([]);
    } finally {
      await app.close();
      await hanging.stop();
    }
  });
});

describe('faults: discovery and JWKS outages after a successful start', () => {
  let h: RpHarness;

  useRpHarness(
    {
      providers: [{ id: 'op', options: { discoveryTtlMs: DISCOVERY_TTL_MS } }, { id: 'cold' }, { id: 'slow' }, { id: 'keys' }],
      warm: ['op', 'keys'],
    },
    (started) => {
      h = started;
    },
  );

  const outages: [string, OpReply][] = [
    ['HTTP 500', { kind: 'text', status: 500, body: 'down' }],
    ['no answer (timeout)', { kind: 'hang' }],
    ['a reset connection', { kind: 'reset' }],
  ];

  it.each(outages)('discovery down (%s) once the TTL is due: the cached document keeps sign-ins working, retried after a back-off', async (_label, reply) => {
    h.op.script({ respond: { discovery: () => reply } });
    h.clock.advance(DISCOVERY_TTL_MS + 1_000);
    await h.signIn(new TestBrowser());
    h.expectCalls({ discovery: 1, authorize: 1, token: 1, userinfo: 1 });
    h.mark();
    // Within the back-off the stale document is served without asking again.
    await h.signIn(new TestBrowser());
    h.expectCalls({ authorize: 1, token: 1, userinfo: 1 });
  });

  it('JWKS down before any key was cached → oauth_code_verification_failed (id_token.jwks)', async () => {
    h.op.script({ respond: { jwks: () => ({ kind: 'json', status: 503, body: { error: 'temporarily_unavailable' } }) } });
    const browser = new TestBrowser();
    const response = await h.deliver(browser, await h.reachCallback(browser, { provider: 'cold' }));
    h.expectRejected(response, 'oauth_code_verification_failed', 'id_token.jwks', 'cold');
    h.expectCalls({ discovery: 1, authorize: 1, token: 1, jwks: 1 });
  });

  it('JWKS slower than timeoutMs → oauth_code_verification_failed (id_token.jwks), bounded', async () => {
    h.op.script({ delayMs: { jwks: TIMEOUT_MS * 2 } });
    const browser = new TestBrowser();
    const delivery = await h.reachCallback(browser, { provider: 'slow' });
    const started = Date.now();
    const response = await h.deliver(browser, delivery);
    // Gave up at the timeout instead of waiting for the slow answer.
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 2);
    h.expectRejected(response, 'oauth_code_verification_failed', 'id_token.jwks', 'slow');
    h.expectCalls({ discovery: 1, authorize: 1, token: 1, jwks: 1 });
  });

  it('JWKS down after keys were cached and went past their max age: the cached keys still verify', async () => {
    h.op.script({ respond: { jwks: () => ({ kind: 'text', status: 500, body: 'down' }) } });
    h.clock.advance(JWKS_MAX_AGE_MS + 1_000);
    await h.signIn(new TestBrowser(), { provider: 'keys' });
    h.expectCalls({ jwks: 1, authorize: 1, token: 1, userinfo: 1 });
  });
});
