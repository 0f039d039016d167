import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { createDemoApp } from './bootstrap.js';
import { loadDemoConfig } from './config/demo-config.js';

/** Minimal browser: one cookie map for the single origin (paths ignored) and manual redirects. */
class Browser {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async go(path: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(new URL(path, this.base), {
      method: init.method ?? 'GET',
      headers,
      body: init.form === undefined ? undefined : new URLSearchParams(init.form).toString(),
      redirect: 'manual',
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1).trim();
      const expired = value === '' || /max-age=0|expires=Thu, 01 Jan 1970/i.test(header);
      if (expired) this.cookies.delete(pair.slice(0, eq).trim());
      else this.cookies.set(pair.slice(0, eq).trim(), value);
    }
    return response;
  }

  /** Follows redirects within the origin; returns the first response that is not a redirect, and its URL. */
  async follow(path: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ response: Response; url: URL }> {
    let url = new URL(path, this.base);
    let response = await this.go(url.href, init);
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops += 1) {
      url = new URL(response.headers.get('location') ?? '/', url);
      response = await this.go(url.href);
    }
    return { response, url };
  }
}

describe('demo app (in-process, dev IdP)', () => {
  let server: Server;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = loadDemoConfig({ BASE_URL: base, PORT: '0', DATABASE_URL: 'sqlite::memory:', OAUTH_SECRET: 's'.repeat(32) });
    app = await createDemoApp(config, { logger: false });
    await app.init();
    server.on('request', app.getHttpAdapter().getInstance());
  });

  afterAll(async () => {
    await app.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('serves the signed-out start page, the error and welcome pages, and guards /me', async () => {
    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('href="/login/dev"');

    const error = await fetch(`${base}/auth/error?error=${encodeURIComponent('<script>x</script>')}`);
    expect(error.status).toBe(200);
    const errorHtml = await error.text();
    expect(errorHtml).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(errorHtml).not.toContain('<script>x');
    expect(await (await fetch(`${base}/auth/error?error=state_not_found`)).text()).toContain('state_not_found');
    expect((await fetch(`${base}/welcome`)).status).toBe(200);

    const me = await fetch(`${base}/me`);
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({ code: 'not_authenticated' });
    expect((await fetch(`${base}/login/nope`, { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${base}/link/dev`, { redirect: 'manual' })).status).toBe(401);
  });

  it('signs in through the dev IdP, shows, refreshes, links and unlinks accounts, and signs out', async () => {
    const browser = new Browser(base);
    const start = await browser.go('/login/dev?return_to=/me');
    expect(start.status).toBe(302);
    expect(start.headers.get('location')).toMatch(/\/auth\/provider\/dev\/start\?token=/);

    const form = await browser.follow(start.headers.get('location') ?? '');
    expect(form.url.pathname).toMatch(/^\/dev-idp\/interaction\//);
    const done = await browser.follow(`${form.url.pathname}/login`, { method: 'POST', form: { email: 'dana@example.com', name: 'Dana' } });
    // A new individual lands on the welcome page.
    expect(done.url.pathname).toBe('/welcome');

    const me = (await (await browser.go('/me')).json()) as {
      individual: Record<string, unknown>;
      accounts: Record<string, unknown>[];
    };
    expect(me.individual).toMatchObject({ email: 'dana@example.com', emailVerified: true, name: 'Dana' });
    expect(me.accounts).toHaveLength(1);
    expect(me.accounts[0]).toMatchObject({ provider: 'dev', hasRefreshToken: true, tokenType: expect.any(String) });
    expect(JSON.stringify(me)).not.toMatch(/accessToken"|refreshToken"|idToken"/);

    const home = await (await browser.go('/')).text();
    expect(home).toContain('dana@example.com');
    expect(home).toContain('Refresh now');

    const providerAccountId = String(me.accounts[0]?.providerAccountId);
    const refreshed = await browser.go(`/accounts/dev/${encodeURIComponent(providerAccountId)}/refresh`, { method: 'POST', form: {} });
    expect(refreshed.status).toBe(302);
    expect(refreshed.headers.get('location')).toBe('/');

    // Linking runs through the dev IdP again (no SSO); a different email is refused by the library's
    // default (allowDifferentLinkEmails off) and ends on the error page with the code.
    const link = await browser.go('/link/dev');
    expect(link.status).toBe(302);
    const linkForm = await browser.follow(link.headers.get('location') ?? '');
    expect(linkForm.url.pathname).toMatch(/^\/dev-idp\/interaction\//);
    const linked = await browser.follow(`${linkForm.url.pathname}/login`, { method: 'POST', form: { email: 'dana.work@example.com' } });
    expect(`${linked.url.pathname}?${linked.url.searchParams.toString()}`).toBe('/auth/error?error=email_does_not_match');

    const unlinked = await browser.go(`/accounts/dev/${encodeURIComponent(providerAccountId)}/unlink`, { method: 'POST', form: {} });
    expect(unlinked.headers.get('location')).toBe('/');
    expect(((await (await browser.go('/me')).json()) as { accounts: unknown[] }).accounts).toEqual([]);

    const logout = await browser.go('/logout', { method: 'POST', form: {} });
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe('/');
    expect((await browser.go('/me')).status).toBe(401);
  });
});
