import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { finalUrl, TestBrowser } from '../../../test/helpers/browser.js';
import { serveDemo, type InProcessServer } from './testing/demo-server.js';

describe('demo app (in-process, dev IdP)', () => {
  let demo: InProcessServer;
  let base: string;

  beforeAll(async () => {
    demo = await serveDemo({ OAUTH_SECRET: 's'.repeat(32) });
    base = demo.base;
  });

  afterAll(async () => {
    await demo.close();
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
    // @RequireLinkedAccount('dev'): no session, no call to the provider.
    const userinfo = await fetch(`${base}/me/provider/dev/userinfo`);
    expect(userinfo.status).toBe(401);
    expect(await userinfo.json()).toMatchObject({ code: 'not_authenticated' });
    // Only providers that are on have the route (oidc is off here).
    expect((await fetch(`${base}/me/provider/oidc/userinfo`)).status).toBe(404);
    expect(await me.json()).toMatchObject({ code: 'not_authenticated' });
    expect((await fetch(`${base}/login/nope`, { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${base}/link/dev`, { redirect: 'manual' })).status).toBe(401);
  });

  it('signs in through the dev IdP, shows, refreshes, links and unlinks accounts, and signs out', async () => {
    const browser = new TestBrowser(base);
    const start = await browser.request('/login/dev?return_to=/me');
    expect(start.status).toBe(302);
    // One hop: straight to the provider (the dev IdP), the state cookie set by this same response.
    expect(start.headers.get('location')).toMatch(/\/dev-idp\/auth\?/);
    expect(start.setCookies.some((header) => header.startsWith('belgie_oauth_dev_state_marker='))).toBe(true);

    const form = finalUrl(await browser.follow(start.location ?? ''));
    expect(form.pathname).toMatch(/^\/dev-idp\/interaction\//);
    const done = finalUrl(await browser.follow(`${form.pathname}/login`, { init: { form: { email: 'dana@example.com', name: 'Dana' } } }));
    // A new individual lands on the welcome page.
    expect(done.pathname).toBe('/welcome');

    const me = JSON.parse((await browser.request('/me')).body) as {
      individual: Record<string, unknown>;
      accounts: Record<string, unknown>[];
    };
    expect(me.individual).toMatchObject({ email: 'dana@example.com', emailVerified: true, name: 'Dana' });
    expect(me.accounts).toHaveLength(1);
    expect(me.accounts[0]).toMatchObject({ provider: 'dev', hasRefreshToken: true, tokenType: expect.any(String) });
    expect(JSON.stringify(me)).not.toMatch(/accessToken"|refreshToken"|idToken"/);

    // The provider called with the linked account's access token (@ProviderAccessToken): its userinfo.
    const userinfo = await browser.request('/me/provider/dev/userinfo');
    expect(userinfo.status).toBe(200);
    expect(userinfo.headers.get('cache-control')).toBe('no-store');
    const shown = JSON.parse(userinfo.body) as { provider: string; providerAccountId: string; userinfo: Record<string, unknown> };
    expect(shown).toMatchObject({ provider: 'dev', providerAccountId: me.accounts[0]?.providerAccountId, userinfo: { email: 'dana@example.com' } });
    expect(shown.userinfo['sub']).toBe(me.accounts[0]?.providerAccountId);

    const home = (await browser.request('/')).body;
    expect(home).toContain('dana@example.com');
    expect(home).toContain('Refresh now');

    const providerAccountId = String(me.accounts[0]?.providerAccountId);
    const refreshed = await browser.request(`/accounts/dev/${encodeURIComponent(providerAccountId)}/refresh`, { method: 'POST', form: {} });
    expect(refreshed.status).toBe(302);
    expect(refreshed.headers.get('location')).toBe('/');

    // Linking runs through the dev IdP again (no SSO); a different email is refused by the library's
    // default (allowDifferentLinkEmails off) and ends on the error page with the code.
    const link = await browser.request('/link/dev');
    expect(link.status).toBe(302);
    const linkForm = finalUrl(await browser.follow(link.location ?? ''));
    expect(linkForm.pathname).toMatch(/^\/dev-idp\/interaction\//);
    const linked = finalUrl(await browser.follow(`${linkForm.pathname}/login`, { init: { form: { email: 'dana.work@example.com' } } }));
    expect(`${linked.pathname}?${linked.searchParams.toString()}`).toBe('/auth/error?error=email_does_not_match');

    const unlinked = await browser.request(`/accounts/dev/${encodeURIComponent(providerAccountId)}/unlink`, { method: 'POST', form: {} });
    expect(unlinked.headers.get('location')).toBe('/');
    expect((JSON.parse((await browser.request('/me')).body) as { accounts: unknown[] }).accounts).toEqual([]);
    // Signed in, but no dev account any more: the guard refuses before any provider call.
    const unlinkedInfo = await browser.request('/me/provider/dev/userinfo');
    expect(unlinkedInfo.status).toBe(403);
    expect(JSON.parse(unlinkedInfo.body)).toMatchObject({ code: 'account_not_linked' });

    // The dev provider never links implicitly: dana (no dev account any more) signing in again through
    // the dev IdP is not joined to the existing individual by email.
    const again = new TestBrowser(base);
    const againForm = finalUrl(await again.follow((await again.request('/login/dev')).location ?? ''));
    const refused = finalUrl(await again.follow(`${againForm.pathname}/login`, { init: { form: { email: 'dana@example.com' } } }));
    expect(`${refused.pathname}?${refused.searchParams.toString()}`).toBe('/auth/error?error=account_not_linked');

    const crossSite = await browser.request('/logout', { method: 'POST', form: {}, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    expect((await browser.request('/me')).status).toBe(200);
    const logout = await browser.request('/logout', { method: 'POST', form: {} });
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe('/');
    expect((await browser.request('/me')).status).toBe(401);
  });
});
