import { describe, expect, it } from '@jest/globals';
import type { OpScript } from '../fixtures/misbehaving-op/index.js';
import { TestBrowser } from '../helpers/browser.js';
import { CLIENT_ID, RpHarness, useRpHarness } from './rp-harness.js';

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

  const nowSec = () => Math.floor(h.clock.now().getTime() / 1000);
  const cases: [string, () => OpScript, string][] = [
    ['oidcc-client-test-invalid-iss / rp-id_token-issuer-mismatch: iss of another issuer', () => ({ idTokenClaims: { iss: 'https://evil.example' } }), 'id_token.iss'],
    ['iss with a trailing slash (exact comparison, OIDC Core 3.1.3.7 #2)', () => ({ idTokenClaims: { iss: `${h.op.issuer}/` } }), 'id_token.iss'],
    ['iss missing (OIDC Core 3.1.3.7 #2)', () => ({ idTokenClaims: { iss: undefined } }), 'id_token.iss'],
    ['oidcc-client-test-invalid-aud / rp-id_token-aud: aud of another client', () => ({ idTokenClaims: { aud: 'another-client' } }), 'id_token.aud'],
    ['oidcc-client-test-missing-aud: aud missing', () => ({ idTokenClaims: { aud: undefined } }), 'id_token.aud'],
    ['aud list with us but azp of another client (OIDC Core 3.1.3.7 #4-5)', () => ({ idTokenClaims: { aud: [CLIENT_ID, 'other'], azp: 'other' } }), 'id_token.aud'],
    ['attack: token for another RP that also lists us, no azp (untrusted audience, OIDC Core 3.1.3.7 #3)', () => ({ idTokenClaims: { aud: [CLIENT_ID, 'other'] } }), 'id_token.aud'],
    ['attack: token for another RP that also lists us, our azp (untrusted audience, OIDC Core 3.1.3.7 #3)', () => ({ idTokenClaims: { aud: [CLIENT_ID, 'other'], azp: CLIENT_ID } }), 'id_token.aud'],
    ['several audiences, all ours, without azp (OIDC Core 3.1.3.7 #4)', () => ({ idTokenClaims: { aud: [CLIENT_ID, CLIENT_ID] } }), 'id_token.azp'],
    ['attack: token confusion, an access token (typ at+jwt, RFC 9068) as ID token', () => ({ idTokenTyp: 'at+jwt' }), 'id_token.typ'],
    ['attack: token confusion, a logout token (typ logout+jwt) as ID token', () => ({ idTokenTyp: 'logout+jwt' }), 'id_token.typ'],
    ['attack: a back-channel logout token (events claim, typ JWT) as ID token', () => ({ idTokenClaims: { events: { 'http://schemas.openid.net/event/backchannel-logout': {} } } }), 'id_token.events'],
    ['oidcc-client-test-missing-sub / rp-id_token-sub: sub missing', () => ({ idTokenClaims: { sub: undefined } }), 'id_token.sub'],
    ['sub empty', () => ({ idTokenClaims: { sub: '' } }), 'id_token.sub'],
    ['oidcc-client-test-missing-iat / rp-id_token-iat: iat missing', () => ({ idTokenClaims: { iat: undefined } }), 'id_token.iat'],
    ['exp in the past beyond the tolerance (OIDC Core 3.1.3.7 #9)', () => ({ idTokenClaims: { exp: nowSec() - 3600 } }), 'id_token.exp'],
    ['exp missing', () => ({ idTokenClaims: { exp: undefined } }), 'id_token.exp'],
    ['oidcc-client-test-invalid-sig-rs256 / rp-id_token-bad-sig-rs256: signed by an unpublished key under a published kid', () => ({ signWith: 'foreign-key' }), 'id_token.signature'],
    ['oidcc-client-test-idtoken-sig-none / rp-id_token-sig-none: alg none (rejected, no userinfo request)', () => ({ signWith: 'none' }), 'id_token.alg'],
    ['oidcc-client-test-invalid-sig-hs256 / rp-id_token-bad-sig-hs256: HS256 keyed with the RSA public key', () => ({ signWith: 'hs256-with-public-key' }), 'id_token.alg'],
    ['at_hash that does not match the access token (OIDC Core 3.1.3.8)', () => ({ idTokenClaims: { at_hash: 'AAAAAAAAAAAAAAAAAAAAAA' } }), 'id_token.at_hash'],
    ['no id_token although openid was requested', () => ({ omitIdToken: true }), 'oauth_code_verification_failed'],
  ];

  it.each(cases)('%s → oauth_code_verification_failed', async (_name, script, check) => {
    h.op.script(script());
    const browser = new TestBrowser();
    const response = await h.deliver(browser, await h.reachCallback(browser));
    h.expectRejected(response, 'oauth_code_verification_failed', check);
    // Keys were cached at warm-up; none of these cases refetches them, and userinfo is never asked.
    h.expectCalls({ authorize: 1, token: 1 });
  });
});
