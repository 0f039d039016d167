import { describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../helpers/browser.js';
import { ID_TOKEN_REJECTIONS } from './conformance-cases.js';
import { RpHarness, useRpHarness } from './rp-harness.js';

/**
 * OpenID RP certification, Basic RP and Form Post Basic RP profiles: ID-token validation
 * (OIDC Core 3.1.3.7). Test names carry the oidcc-client-test-* id and the old rp-* id; checks the
 * suites have no id for are named after the spec step. Every rejection: 302 to
 * `/auth/error?error=oauth_code_verification_failed`, no row written, one warning naming the check,
 * and the userinfo endpoint never called with the access token of a rejected response.
 */

const MODES = ['query', 'form_post'] as const;

describe.each(MODES)('RP conformance: ID token checks (response_mode=%s)', (mode) => {
  let h: RpHarness;

  useRpHarness({ providers: [{ id: 'op', responseMode: mode }], warm: ['op'] }, (started) => {
    h = started;
  });

  it('oidcc-client-test / rp-response_type-code / rp-id_token-sig-rs256 / rp-token_endpoint-client_secret_basic / rp-userinfo-bearer-header / rp-scope-userinfo-claims', async () => {
    const browser = new TestBrowser();
    await h.signIn(browser);
    h.expectCalls({ authorize: 1, token: 1, userinfo: 1 });
    const [authorize, token, userinfo] = h.op.requests;
    const q = authorize?.url.searchParams;
    expect({ type: q?.get('response_type'), mode: q?.get('response_mode') ?? 'query', pkce: q?.get('code_challenge_method') }).toEqual({
      type: 'code',
      mode,
      pkce: 'S256',
    });
    expect(q?.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));
    expect(q?.get('nonce')).toMatch(/^\S{16,}$/);
    expect(token?.token).toEqual({ grantType: 'authorization_code', clientAuth: 'basic', pkce: 'ok', outcome: 'issued' });
    // Bearer header with the access token the OP issued for this grant (not a query or body parameter).
    expect(userinfo?.headers.authorization).toMatch(/^Bearer at-/);
    expect(userinfo?.url.search).toBe('');
    expect(h.repository.writes).toEqual(expect.arrayContaining(['createIndividual', 'upsertAccount', 'createSession']));
  });

  // The nonce cases also pinned here for both response modes; nonce-userinfo.spec has the rest.
  it.each(ID_TOKEN_REJECTIONS)('%s → oauth_code_verification_failed', async (_name, script, check) => {
    h.op.script(script(h));
    const browser = new TestBrowser();
    const response = await h.deliver(browser, await h.reachCallback(browser));
    h.expectRejected(response, 'oauth_code_verification_failed', check);
    // Keys were cached at warm-up; none of these cases refetches them, and userinfo is never asked.
    h.expectCalls({ authorize: 1, token: 1 });
  });
});
