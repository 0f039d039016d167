import { describe, expect, it } from '@jest/globals';
import type { OpScript } from '../fixtures/misbehaving-op/index.js';
import { jsonCall } from '../helpers/app-session-flows.js';
import { TestBrowser } from '../helpers/browser.js';
import { RpHarness, useRpHarness } from './rp-harness.js';

/**
 * Config RP profile: the client uses what discovery says, and refuses a document that lies about
 * its issuer or would send secrets over plain http. Each test has its own provider (empty caches).
 */

const PROVIDERS = ['config', 'mismatch', 'insecure', 'broken', 'algs', 'iss-required'];

describe('RP conformance: discovery (Config RP)', () => {
  let h: RpHarness;

  useRpHarness({ providers: PROVIDERS.map((id) => ({ id })) }, (started) => {
    h = started;
  });

  it('oidcc-client-test-discovery-openid-config / rp-discovery-openid-configuration + oidcc-client-test-discovery-jwks-uri-keys / rp-discovery-jwks_uri-keys', async () => {
    await h.signIn(new TestBrowser(), { provider: 'config' });
    // The JWKS lives under a random path only the discovery document names.
    h.expectCalls({ discovery: 1, jwks: 1, authorize: 1, token: 1, userinfo: 1 });
    expect(h.op.requests.map((r) => r.endpoint)).toEqual(['discovery', 'authorize', 'token', 'jwks', 'userinfo']);
  });

  /** Starting a sign-in with a refused document: 503 JSON, no state, the OP's authorize never reached. */
  async function startRefused(provider: string, script: OpScript): Promise<void> {
    h.op.script(script);
    const statesBefore = h.repository.counts().states;
    const response = await jsonCall(new TestBrowser(), `${h.baseUrl}/login/${provider}`);
    expect({ status: response.status, code: response.body['code'] }).toEqual({ status: 503, code: 'provider_unavailable' });
    expect(h.repository.counts().states).toBe(statesBefore);
    h.expectNothingPersisted();
    h.expectNoSecretsLogged();
    h.expectCalls({ discovery: 1 });
  }

  it('oidcc-client-test-discovery-issuer-mismatch / rp-discovery-issuer-not-matching-config → 503 provider_unavailable; nothing cached, works once the OP is fixed', async () => {
    await startRefused('mismatch', { discovery: { issuer: 'http://127.0.0.1:1/another-issuer' } });
    h.begin();
    // A failed discovery is answered from memory for a short cooldown (no fetch storm), then asked again.
    h.clock.advance(5_000);
    await h.signIn(new TestBrowser(), { provider: 'mismatch' });
    h.expectCalls({ discovery: 1, jwks: 1, authorize: 1, token: 1, userinfo: 1 });
  });

  it('a document naming a plain-http, non-loopback token endpoint → 503 provider_unavailable (the code never travels over http)', async () => {
    await startRefused('insecure', { discovery: { token_endpoint: 'http://token.example.com/token' } });
  });

  it('a document that is not JSON → 503 provider_unavailable', async () => {
    await startRefused('broken', { respond: { discovery: () => ({ kind: 'text', body: '<html>hello</html>', contentType: 'text/html' }) } });
  });

  it('a document advertising none and HS256 does not make them acceptable: both refused before any key lookup', async () => {
    h.op.script({ discovery: { id_token_signing_alg_values_supported: ['none', 'HS256', 'RS256'] } });
    for (const signWith of ['none', 'hs256-with-public-key'] as const) {
      h.mark();
      h.op.script({ signWith });
      const browser = new TestBrowser();
      const response = await h.deliver(browser, await h.reachCallback(browser, { provider: 'algs' }));
      h.expectRejected(response, 'oauth_code_verification_failed', 'id_token.alg', 'algs');
      expect(h.op.calls.jwks).toBe(0);
    }
  });

  it('RFC 9207: the document advertises authorization_response_iss_parameter_supported, the response lacks iss → issuer_missing, no token request', async () => {
    h.op.script({ authorizeIss: false });
    const browser = new TestBrowser();
    const response = await h.deliver(browser, await h.reachCallback(browser, { provider: 'iss-required' }));
    h.expectRejected(response, 'issuer_missing', 'issuer_missing', 'iss-required');
    h.expectCalls({ discovery: 1, authorize: 1 });
  });
});
