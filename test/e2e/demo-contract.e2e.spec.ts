import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { createDemoApp } from '../../apps/demo/src/bootstrap.js';
import { loadDemoConfig } from '../../apps/demo/src/config/demo-config.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { startOidcProvider, type RunningOidcProvider } from '../helpers/oidc-provider-process.js';

// The demo driven over HTTP exactly as the demo contract (shared/design/demo-contract.md) says an
// external acceptance suite does: env only, a generic `oidc` provider, the dev IdP off.
type Variant = { strategy: 'adapter' | 'cookie'; mode: 'query' | 'form_post'; publicClient: boolean; requireIss?: 'true' | 'false' };

const VARIANTS: Variant[] = [
  { strategy: 'adapter', mode: 'query', publicClient: false },
  { strategy: 'cookie', mode: 'form_post', publicClient: false, requireIss: 'true' },
  { strategy: 'adapter', mode: 'form_post', publicClient: true, requireIss: 'false' },
];

const landed = (paths: string[]) => (url: URL) => paths.includes(url.pathname);

describe.each(VARIANTS)('demo contract with OIDC_ISSUER (%o)', (variant) => {
  let op: RunningOidcProvider;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const redirect = `${base}/auth/provider/oidc/callback`;
    op = await startOidcProvider({
      clients: [
        variant.publicClient
          ? { client_id: 'demo-client', token_endpoint_auth_method: 'none', redirect_uris: [redirect] }
          : { client_id: 'demo-client', client_secret: 'demo-client-secret', redirect_uris: [redirect] },
      ],
    });
    const env: NodeJS.ProcessEnv = {
      PORT: String(port),
      BASE_URL: base,
      OAUTH_SECRET: 'contract-secret-0123456789-abcdefghijkl',
      DATABASE_URL: 'sqlite::memory:',
      DEV_IDP: 'off',
      OIDC_ISSUER: op.issuer,
      OIDC_CLIENT_ID: 'demo-client',
      OIDC_STATE_STRATEGY: variant.strategy,
      OIDC_RESPONSE_MODE: variant.mode,
      OIDC_TIMEOUT_MS: '5000',
    };
    if (!variant.publicClient) env['OIDC_CLIENT_SECRET'] = 'demo-client-secret';
    if (variant.requireIss) env['OIDC_REQUIRE_ISSUER_PARAMETER'] = variant.requireIss;
    app = await createDemoApp(loadDemoConfig(env), { logger: false });
    await app.listen(port, '127.0.0.1');
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await op?.stop();
  });

  it('serves GET / and signs a new person in: /welcome, then /me without token strings', async () => {
    expect((await fetch(`${base}/`)).status).toBe(200);
    const browser = new TestBrowser();
    const trace = await browser.follow(`${base}/login/oidc?return_to=/after`, { stopAt: landed(['/welcome', '/after', '/auth/error']) });
    expect(trace.stoppedAt?.pathname).toBe('/welcome');
    const me = await browser.request(`${base}/me`);
    expect(me.status).toBe(200);
    const body = JSON.parse(me.body) as {
      individual: { id: string; email: string; emailVerified: boolean; name: string | null; image: string | null };
      accounts: Record<string, unknown>[];
    };
    expect(body.individual).toMatchObject({ email: 'alice@example.com', emailVerified: true });
    expect(body.accounts).toEqual([expect.objectContaining({ provider: 'oidc', providerAccountId: expect.any(String) })]);
    expect(me.body).not.toMatch(/accessToken"|refreshToken"|idToken"|eyJ/);
  });

  it('sends a returning person to return_to, and POST /logout ends the session', async () => {
    const browser = new TestBrowser();
    const trace = await browser.follow(`${base}/login/oidc?return_to=/after`, { stopAt: landed(['/welcome', '/after', '/auth/error']) });
    expect(trace.stoppedAt?.pathname).toBe('/after');
    const logout = await browser.request(`${base}/logout`, { method: 'POST' });
    expect(logout.status).toBe(302);
    expect(new URL(logout.location ?? '').pathname).toBe('/');
    expect((await browser.request(`${base}/me`)).status).toBe(401);
  });

  it('ends a callback without state on /auth/error?error=state_mismatch, which answers 200', async () => {
    const browser = new TestBrowser();
    const response = await browser.request(`${base}/auth/provider/oidc/callback?code=x`);
    expect(response.status).toBe(302);
    const target = new URL(response.location ?? '');
    expect(target.pathname).toBe('/auth/error');
    expect(target.searchParams.get('error')).toBe('state_mismatch');
    const page = await browser.request(target.href);
    expect(page.status).toBe(200);
    expect(page.body).toContain('state_mismatch');
  });

  it('drops an off-origin return_to and uses the default target', async () => {
    const browser = new TestBrowser();
    await browser.follow(`${base}/login/oidc`, { stopAt: landed(['/welcome', '/', '/auth/error']) });
    const trace = await browser.follow(`${base}/login/oidc?return_to=${encodeURIComponent('https://evil.example/x')}`, {
      stopAt: (url) =>
        url.hostname === 'evil.example' || (url.origin === base && ['/welcome', '/', '/after', '/auth/error'].includes(url.pathname)),
    });
    expect(trace.stoppedAt?.origin).toBe(base);
    expect(trace.stoppedAt?.pathname).toBe('/');
  });
});
