import { describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../helpers/browser.js';
import { RpHarness, useRpHarness } from './rp-harness.js';

/**
 * RFC 9700 §4.5 (authorization code injection) on the client. The misbehaving OP checks PKCE like
 * a correct OP must (RFC 7636 §4.6): the app sends the verifier of the victim's own flow, which
 * cannot match the challenge the injected code was issued for, so the OP refuses the exchange.
 * State-based defences (CSRF, replay, mix-up via foreign state) are in test/e2e/callback-state.e2e.spec.ts,
 * RFC 9207 `iss` in test/e2e/callback-issuer.e2e.spec.ts.
 */

describe('RFC 9700: authorization code injection', () => {
  let h: RpHarness;

  useRpHarness({ warm: ['op'] }, (started) => {
    h = started;
  });

  it("a code issued to the attacker's flow, injected into the victim's callback → OP refuses the verifier → oauth_code_verification_failed", async () => {
    const attacker = new TestBrowser();
    const stolen = await h.reachCallback(attacker, { loginHint: 'attacker@example.com' });
    const victim = new TestBrowser();
    const genuine = await h.reachCallback(victim, { loginHint: 'victim@example.com' });
    expect(stolen.params['code']).not.toBe(genuine.params['code']);
    h.mark();
    const injected = { ...genuine, params: { ...genuine.params, code: stolen.params['code'] ?? '' } };
    const response = await h.deliver(victim, injected);
    h.expectRejected(response, 'oauth_code_verification_failed', 'token.oauth_error', 'op', { providerError: 'invalid_grant' });
    h.expectCalls({ token: 1 });
    // The app did send a verifier (its own): the OP saw it and found it did not match the code's challenge.
    expect(h.op.requests[0]?.token).toEqual({ grantType: 'authorization_code', clientAuth: 'basic', pkce: 'mismatch', outcome: 'invalid_grant' });
    expect(h.repository.counts()).toMatchObject({ individuals: 1, accounts: 1 });
  });

  it('the injected code is not usable afterwards either (single use at the OP): the attacker gains nothing', async () => {
    const attacker = new TestBrowser();
    const stolen = await h.reachCallback(attacker, { loginHint: 'attacker2@example.com' });
    const victim = new TestBrowser();
    const genuine = await h.reachCallback(victim, { loginHint: 'victim2@example.com' });
    await h.deliver(victim, { ...genuine, params: { ...genuine.params, code: stolen.params['code'] ?? '' } });
    h.mark();
    // The attacker now completes its own flow with its own state and verifier: the code is burnt.
    const response = await h.deliver(attacker, stolen);
    h.expectRejected(response, 'oauth_code_verification_failed', 'token.oauth_error', 'op', { providerError: 'invalid_grant' });
    h.expectCalls({ token: 1 });
    expect(h.op.requests[0]?.token).toMatchObject({ outcome: 'invalid_grant' });
    expect(new URLSearchParams(h.op.requests[0]?.body).get('code_verifier')).toMatch(/\S{43,}/);
  });
});
