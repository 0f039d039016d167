import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDemoAppWithFetch, noNetwork, testDemoConfig } from './testing/demo-server.js';
import { serveInProcess, type InProcessServer } from './testing/in-process-server.js';

/** Every provider call would go through this: it records the attempt and fails, proving none happens. */
const network = noNetwork();

describe('demo presets from the environment (no network)', () => {
  let demo: InProcessServer;
  let base: string;

  beforeAll(async () => {
    demo = await serveInProcess((url) => {
      const config = testDemoConfig(url, {
        OAUTH_SECRET: 'p'.repeat(32),
        DEV_IDP: 'off',
        GOOGLE_CLIENT_ID: 'google-client.apps.googleusercontent.com',
        GOOGLE_CLIENT_SECRET: 'google-secret',
        GOOGLE_HOSTED_DOMAIN: 'example.com',
        MICROSOFT_CLIENT_ID: '00000000-1111-2222-3333-444444444444',
        MICROSOFT_CLIENT_SECRET: 'microsoft-secret',
        MICROSOFT_TENANT: 'contoso.onmicrosoft.com',
      });
      expect(config.warnings.filter((warning) => /GOOGLE|MICROSOFT|preset/.test(warning))).toEqual([]);
      return createDemoAppWithFetch(config, network.fetch);
    });
    base = demo.base;
  });

  afterAll(async () => {
    await demo.close();
  });

  /** /login/:id → the provider in one hop (the state cookie set on the way); returns the provider URL. */
  async function authorizationUrl(providerId: string): Promise<URL> {
    const login = await fetch(`${base}/login/${providerId}`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    expect(login.headers.getSetCookie().some((header) => header.startsWith(`belgie_oauth_${providerId}_state_marker=`))).toBe(true);
    return new URL(login.headers.get('location') ?? '');
  }

  /** Parameters every authorization request of the demo carries (PKCE S256, state, nonce, code flow). */
  function expectCommonParameters(url: URL, providerId: string, clientId: string): void {
    const params = url.searchParams;
    expect(params.get('client_id')).toBe(clientId);
    expect(params.get('redirect_uri')).toBe(`${base}/auth/provider/${providerId}/callback`);
    expect(params.get('response_type')).toBe('code');
    expect(params.get('state')).toMatch(/^[\w-]{16,}$/);
    expect(params.get('nonce')).toMatch(/^[\w-]{16,}$/);
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('code_challenge_method')).toBe('S256');
  }

  it('lists both presets on the start page', async () => {
    const html = await (await fetch(`${base}/`)).text();
    expect(html).toContain('href="/login/google"');
    expect(html).toContain('Sign in with Google');
    expect(html).toContain('href="/login/microsoft"');
    expect(html).toContain('Sign in with Microsoft');
    expect(html).not.toContain('href="/login/dev"');
  });

  it('sends /login/google to Google with offline access, consent, incremental scopes and the hosted domain', async () => {
    const url = await authorizationUrl('google');
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expectCommonParameters(url, 'google', 'google-client.apps.googleusercontent.com');
    const params = url.searchParams;
    expect(params.get('scope')).toBe('openid email profile');
    expect(params.get('access_type')).toBe('offline');
    expect(params.get('prompt')).toBe('consent');
    expect(params.get('include_granted_scopes')).toBe('true');
    expect(params.get('hd')).toBe('example.com');
    // Never a secret in a front-channel URL.
    expect(url.href).not.toContain('google-secret');
    expect(network.calls).toEqual([]);
  });

  it('sends /login/microsoft to the tenant\'s v2.0 authorize endpoint with its scopes and response_mode=query', async () => {
    const url = await authorizationUrl('microsoft');
    expect(`${url.origin}${url.pathname}`).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize');
    expectCommonParameters(url, 'microsoft', '00000000-1111-2222-3333-444444444444');
    const params = url.searchParams;
    expect(params.get('scope')).toBe('openid profile email offline_access User.Read');
    expect(params.get('response_mode')).toBe('query');
    expect(params.get('hd')).toBeNull();
    expect(url.href).not.toContain('microsoft-secret');
    expect(network.calls).toEqual([]);
  });

  it('ends a callback without state on the error page (defaultErrorRedirectUrl), still without network', async () => {
    const callback = await fetch(`${base}/auth/provider/google/callback?code=abc`, { redirect: 'manual' });
    expect(callback.status).toBe(302);
    const location = new URL(callback.headers.get('location') ?? '', base);
    expect(location.pathname).toBe('/auth/error');
    expect(location.searchParams.get('error')).toBe('state_mismatch');
    expect(network.calls).toEqual([]);
  });
});
