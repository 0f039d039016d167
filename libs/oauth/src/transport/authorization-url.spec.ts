import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { appendQuery, buildAuthorizationParams, type AuthorizationParamsInput } from './authorization-url.js';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

function input(overrides: Partial<AuthorizationParamsInput> = {}): AuthorizationParamsInput {
  return {
    responseType: 'code',
    clientId: 'client-1',
    redirectUri: 'https://app.example.com/auth/provider/acme/callback',
    scopes: ['openid', 'email', 'openid', 'profile', 'email'],
    state: 'state-value',
    codeVerifier: VERIFIER,
    codeChallengeMethod: 'S256',
    nonce: 'nonce-value',
    configParams: {},
    callParams: null,
    prompt: null,
    accessType: null,
    responseMode: null,
    ...overrides,
  };
}

describe('buildAuthorizationParams', () => {
  it('builds the core params in order with de-duplicated scopes and an S256 challenge', () => {
    const params = buildAuthorizationParams(input());
    expect(Object.keys(params)).toEqual([
      'response_type',
      'client_id',
      'redirect_uri',
      'scope',
      'state',
      'code_challenge',
      'code_challenge_method',
      'nonce',
    ]);
    expect(params['scope']).toBe('openid email profile');
    // RFC 7636 Appendix B test vector.
    expect(params['code_challenge']).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(params['code_challenge_method']).toBe('S256');
  });

  it('orders extras config → call → prompt → access_type → response_mode → nonce', () => {
    const params = buildAuthorizationParams(
      input({
        configParams: { hd: 'example.com', prompt: 'select_account', include_granted_scopes: 'true' },
        callParams: { login_hint: 'a@example.com', hd: 'other.com' },
        prompt: 'consent',
        accessType: 'offline',
        responseMode: 'form_post',
      }),
    );
    expect(Object.keys(params).slice(7)).toEqual([
      'hd',
      'prompt',
      'include_granted_scopes',
      'login_hint',
      'access_type',
      'response_mode',
      'nonce',
    ]);
    // Later wins: call beats config; the prompt option beats a prompt passed as a param.
    expect(params['hd']).toBe('other.com');
    expect(params['prompt']).toBe('consent');
    expect(params['access_type']).toBe('offline');
    expect(params['response_mode']).toBe('form_post');
  });

  it('keeps a prompt supplied only through params when no prompt option is set', () => {
    expect(buildAuthorizationParams(input({ configParams: { prompt: 'login' } }))['prompt']).toBe('login');
  });

  it('omits PKCE without a verifier, and the S256 challenge when the response type is not exactly "code"', () => {
    expect(buildAuthorizationParams(input({ codeVerifier: null }))).not.toHaveProperty('code_challenge');
    expect(buildAuthorizationParams(input({ responseType: 'code id_token' }))).not.toHaveProperty('code_challenge');
  });

  it('omits null values (no nonce, no prompt)', () => {
    const params = buildAuthorizationParams(input({ nonce: null }));
    expect(params).not.toHaveProperty('nonce');
    expect(params).not.toHaveProperty('prompt');
    expect(Object.values(params).every((value) => typeof value === 'string')).toBe(true);
  });

  it('never lets extra params replace state, redirect_uri, nonce or the PKCE challenge', () => {
    const params = buildAuthorizationParams(
      input({
        configParams: { state: 'attacker', redirect_uri: 'https://evil.example.com' },
        callParams: { nonce: 'attacker', code_challenge: 'attacker', client_id: 'other' },
      }),
    );
    expect(params['state']).toBe('state-value');
    expect(params['redirect_uri']).toBe('https://app.example.com/auth/provider/acme/callback');
    expect(params['nonce']).toBe('nonce-value');
    expect(params['client_id']).toBe('client-1');
    expect(params['code_challenge']).toBe(createHash('sha256').update(VERIFIER).digest('base64url'));
  });
});

describe('appendQuery', () => {
  it('keeps the endpoint query and appends the params url-encoded', () => {
    const url = new URL(appendQuery('https://idp.example.com/authorize?tenant=acme', { scope: 'openid email', state: 'a&b' }));
    expect(url.origin + url.pathname).toBe('https://idp.example.com/authorize');
    expect([...url.searchParams.entries()]).toEqual([
      ['tenant', 'acme'],
      ['scope', 'openid email'],
      ['state', 'a&b'],
    ]);
  });
});
