import { describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { TOKEN_ENDPOINT_FAULTS } from './conformance-cases.js';
import { expectSignedIn, RpHarness, TIMEOUT_MS, useRpHarness } from './rp-harness.js';

/**
 * Token endpoint faults during the code exchange. Pinned outcome (demo contract): any token-endpoint
 * failure, timeouts included → `oauth_code_verification_failed`; the warning names the endpoint and
 * the kind of failure; no ID token or userinfo work happens; nothing is stored.
 */

describe('faults: token endpoint', () => {
  let h: RpHarness;

  useRpHarness(
    async () => {
      // A port that was free a moment ago: nothing listens there, so connecting is refused.
      const closedPort = await freePort();
      return {
        providers: (op) => [
          { id: 'op' },
          {
            id: 'refused',
            options: {
              discoveryUrl: null,
              issuer: op.issuer,
              authorizationEndpoint: op.url('authorize'),
              tokenEndpoint: `http://127.0.0.1:${closedPort}/token`,
            },
          },
        ],
        warm: ['op'],
      };
    },
    (started) => {
      h = started;
    },
  );

  it.each(TOKEN_ENDPOINT_FAULTS)('%s → oauth_code_verification_failed', async (_label, reply, check, logged = {}) => {
    h.op.script({ respond: { token: () => reply } });
    const browser = new TestBrowser();
    const delivery = await h.reachCallback(browser);
    const started = Date.now();
    const response = await h.deliver(browser, delivery);
    h.expectRejected(response, 'oauth_code_verification_failed', check, 'op', logged);
    h.expectCalls({ authorize: 1, token: 1 });
    // Bounded: a hanging provider costs one timeout, not the browser's patience.
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2_000);
  });

  it('a slow answer within timeoutMs still signs in', async () => {
    h.op.script({ delayMs: { token: TIMEOUT_MS / 3 } });
    await h.signIn(new TestBrowser());
    h.expectCalls({ authorize: 1, token: 1, userinfo: 1 });
  });

  it('connection refused at the token endpoint → oauth_code_verification_failed', async () => {
    const browser = new TestBrowser();
    const response = await h.deliver(browser, await h.reachCallback(browser, { provider: 'refused' }));
    h.expectRejected(response, 'oauth_code_verification_failed', 'token.network', 'refused');
    // The OP's authorize endpoint was used; the exchange never reached any server.
    h.expectCalls({ authorize: 1 });
  });

  it('the provider error text is not echoed: a token endpoint error value with markup is not in the redirect', async () => {
    h.op.script({ respond: { token: () => ({ kind: 'json', status: 400, body: { error: '<script>alert(1)</script>' } }) } });
    const browser = new TestBrowser();
    const response = await h.deliver(browser, await h.reachCallback(browser));
    // Not an RFC 6749 code: logged as `unrecognised`, never repeated (log injection).
    h.expectRejected(response, 'oauth_code_verification_failed', 'token.oauth_error', 'op', { providerError: 'unrecognised' });
    expect(response.location).not.toContain('script');
    expect(h.logs.lines.map((line) => line.text).join('\n')).not.toContain('<script>');
  });

  it('after the faults the same provider signs in normally (no poisoned cache)', async () => {
    const browser = new TestBrowser();
    expectSignedIn(await h.deliver(browser, await h.reachCallback(browser)));
    h.expectCalls({ authorize: 1, token: 1, userinfo: 1 });
  });
});
