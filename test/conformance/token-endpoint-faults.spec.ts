import { describe, expect, it } from '@jest/globals';
import type { OpReply } from '../fixtures/misbehaving-op/index.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
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

  const faults: [string, OpReply, string, Record<string, string>?][] = [
    ['HTTP 400 invalid_grant', { kind: 'json', status: 400, body: { error: 'invalid_grant' } }, 'token.oauth_error', { providerError: 'invalid_grant' }],
    // A wrong or missing client secret: the operator learns it from the log, without the secret.
    ['HTTP 401 invalid_client', { kind: 'json', status: 401, body: { error: 'invalid_client' } }, 'token.oauth_error', { providerError: 'invalid_client' }],
    ['HTTP 500 with a text body', { kind: 'text', status: 500, body: 'internal error' }, 'token.http_status'],
    ['HTTP 503 with a JSON body without error', { kind: 'json', status: 503, body: { status: 'down' } }, 'token.http_status'],
    ['HTTP 200 with an error body', { kind: 'json', status: 200, body: { error: 'server_error' } }, 'token.oauth_error', { providerError: 'server_error' }],
    ['HTTP 200 with an HTML page', { kind: 'text', body: '<html><body>Sign in</body></html>', contentType: 'text/html' }, 'token.invalid_response'],
    ['HTTP 200 with a JSON array', { kind: 'json', body: ['access_token'] }, 'token.invalid_response'],
    ['HTTP 200 without access_token', { kind: 'json', body: { token_type: 'Bearer' } }, 'token_response_invalid'],
    ['a redirect elsewhere (never followed)', { kind: 'redirect', location: 'https://elsewhere.example/token' }, 'token.http_status'],
    ['a reset connection', { kind: 'reset' }, 'token.network'],
    ['no answer at all (hang, bounded by timeoutMs)', { kind: 'hang' }, 'token.timeout'],
  ];

  it.each(faults)('%s → oauth_code_verification_failed', async (_label, reply, check, logged = {}) => {
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
