import { describe, expect, it } from '@jest/globals';
import type { OpReply, OpScript } from '../fixtures/misbehaving-op/index.js';
import { TestBrowser } from '../helpers/browser.js';
import { RpHarness, useRpHarness } from './rp-harness.js';

/**
 * Basic RP: the nonce (OIDC Core 3.1.3.7 #11, replay defence) and the userinfo response (5.3.2).
 * Nonce failures are ID-token failures (`oauth_code_verification_failed`, userinfo never asked);
 * userinfo failures and subject mismatches are `user_info_missing`.
 */

describe('RP conformance: nonce and userinfo', () => {
  let h: RpHarness;

  useRpHarness({ warm: ['op'] }, (started) => {
    h = started;
  });

  async function refusedCallback(script: OpScript): Promise<Awaited<ReturnType<RpHarness['deliver']>>> {
    h.op.script(script);
    const browser = new TestBrowser();
    return h.deliver(browser, await h.reachCallback(browser));
  }

  // Wrong and missing nonce: conformance-cases.ts ID_TOKEN_REJECTIONS (id-token-checks.spec, both response modes).

  it("nonce of another browser's sign-in (an ID token replayed into this flow) → oauth_code_verification_failed", async () => {
    const other = await h.authorizeRequest(new TestBrowser());
    const foreignNonce = other.searchParams.get('nonce');
    expect(foreignNonce).toMatch(/\S/);
    h.mark();
    h.expectRejected(await refusedCallback({ idTokenClaims: { nonce: foreignNonce } }), 'oauth_code_verification_failed', 'id_token.nonce');
    h.expectCalls({ authorize: 1, token: 1 });
  });

  it('oidcc-client-test-userinfo-invalid-sub / rp-userinfo-bad-sub-claim: userinfo sub ≠ ID token sub → user_info_missing', async () => {
    h.expectRejected(await refusedCallback({ userinfoClaims: { sub: 'someone-else' } }), 'user_info_missing', 'user_info_missing');
    h.expectCalls({ authorize: 1, token: 1, userinfo: 1 });
  });

  it('userinfo without sub but with another email (its values must not be used, OIDC Core 5.3.2) → user_info_missing', async () => {
    const response = await refusedCallback({ userinfoClaims: { sub: undefined, email: 'victim@example.com' } });
    h.expectRejected(response, 'user_info_missing', 'user_info_missing');
    h.expectCalls({ authorize: 1, token: 1, userinfo: 1 });
  });

  const failures: [string, OpReply | 'slow', string][] = [
    ['HTTP 500', { kind: 'text', status: 500, body: 'boom' }, 'userinfo.http_status'],
    ['HTTP 401 invalid_token', { kind: 'json', status: 401, body: { error: 'invalid_token' } }, 'userinfo.http_status'],
    ['an HTML page with 200', { kind: 'text', body: '<html>maintenance</html>', contentType: 'text/html' }, 'userinfo.invalid_response'],
    ['a JSON array with 200', { kind: 'json', body: [{ sub: 'x' }] }, 'userinfo.invalid_response'],
    ['no answer (timeout)', { kind: 'hang' }, 'userinfo.timeout'],
    ['a reset connection', { kind: 'reset' }, 'userinfo.network'],
  ];

  it.each(failures)('userinfo answers %s → user_info_missing', async (_label, reply, check) => {
    const started = Date.now();
    const response = await refusedCallback({ respond: { userinfo: () => (reply === 'slow' ? undefined : reply) } });
    h.expectRejected(response, 'user_info_missing', check);
    h.expectCalls({ authorize: 1, token: 1, userinfo: 1 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
