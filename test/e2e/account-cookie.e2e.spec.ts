import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuthProvider, accountCookieName, type OAuthClient } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';
import { jsonCall, linkViaApp, signInViaApp } from '../helpers/app-session-flows.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { obtainDirectTokens } from '../helpers/op-direct-tokens.js';
import type { RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import { APP_CLIENT_ID, APP_CLIENT_SECRET, appClientOptions, callbackUrl, clientOf, startOpForApp } from '../helpers/real-op-client.js';

const SESSION_MAX_AGE = 7200;
const COOKIE = accountCookieName('op');

function setCookieFor(headers: readonly string[], name: string): string | undefined {
  return headers.find((header) => header.startsWith(`${name}=`));
}

describe('the account cookie (storeAccountCookie) against a real OP', () => {
  let op: RunningOidcProvider;
  let app: TestApp;
  let client: OAuthClient;
  let nativeRedirect: string;
  let browser: TestBrowser;
  let hanaId: string;
  const route = (path: string, provider = 'op') => `${app.baseUrl}/auth/provider/${provider}/${path}`;
  const origin = () => new URL(app.baseUrl).host;

  beforeAll(async () => {
    const port = await freePort();
    nativeRedirect = `http://127.0.0.1:${port}/native/callback`;
    op = await startOpForApp([callbackUrl(port, 'op'), callbackUrl(port, 'plain'), nativeRedirect]);
    const common = { ...appClientOptions(op.issuer), allowDifferentLinkEmails: true };
    app = await startTestApp({
      port,
      repository: new InMemoryOAuthRepository(),
      session: { maxAgeSeconds: SESSION_MAX_AGE },
      providers: [OAuthProvider({ id: 'op', ...common, storeAccountCookie: true, encryptTokens: true }), OAuthProvider({ id: 'plain', ...common })],
    });
    client = clientOf(app);
    browser = new TestBrowser();
    hanaId = await signInViaApp(browser, app.baseUrl, 'op', 'hana@example.com');
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await op?.stop();
  });

  it('the callback sign-in sets an HttpOnly cookie (Max-Age = session max age) that holds no token and no id in clear', async () => {
    const record = browser.cookieRecords(origin()).find((cookie) => cookie.name === COOKIE);
    expect(record).toMatchObject({ path: '/', httpOnly: true, sameSite: 'lax' });
    const remaining = ((record?.expiresAt ?? 0) - Date.now()) / 1000;
    expect(remaining).toBeGreaterThan(SESSION_MAX_AGE - 60);
    expect(remaining).toBeLessThanOrEqual(SESSION_MAX_AGE);
    const [account] = await client.listAccounts(hanaId);
    const value = record?.value ?? '';
    expect(value).toMatch(/^v1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+$/);
    for (const secret of [account?.accessToken, account?.refreshToken, account?.idToken, account?.providerAccountId, hanaId]) {
      expect(secret).toBeTruthy();
      expect(value).not.toContain(secret ?? '');
    }
    // Identifiers only: far below the 4 KB cookie limit (an ID token alone would be about 1 KB).
    expect(value.length).toBeLessThan(400);
    expect(browser.cookies(origin())[accountCookieName('plain')]).toBeUndefined();
  });

  it('a redirect link writes the cookie for the new account, which then wins when no id is given; explicit ids always win', async () => {
    const [original] = await client.listAccounts(hanaId);
    const landing = await linkViaApp(browser, app.baseUrl, 'op', hanaId);
    expect(landing.error).toBeNull();
    expect(setCookieFor(landing.callbackSetCookies, COOKIE)).toBeDefined();
    const accounts = await client.listAccounts(hanaId);
    expect(accounts).toHaveLength(2);
    const byCookie = await jsonCall(browser, route('access-token'), { json: {} });
    expect(byCookie.status).toBe(200);
    // The cookie names the account linked last, not the one signed in with.
    expect(byCookie.body['providerAccountId']).not.toBe(original?.providerAccountId);
    const linked = accounts.find((account) => account.providerAccountId === byCookie.body['providerAccountId']);
    expect(linked).toBeDefined();
    const other = accounts.find((account) => account !== linked);
    const explicit = await jsonCall(browser, route('access-token'), { json: { providerAccountId: other?.providerAccountId } });
    expect(explicit.body['providerAccountId']).toBe(other?.providerAccountId);
    // Without the cookie two accounts are ambiguous: refused, not guessed.
    const saved = browser.cookies(origin())[COOKIE] ?? '';
    browser.deleteCookie(origin(), COOKIE);
    const ambiguous = await jsonCall(browser, route('access-token'), { json: {} });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body).toEqual({ code: 'oauth_account_not_found', message: 'oauth account not found' });
    browser.setCookie(origin(), COOKIE, saved);
    expect((await jsonCall(browser, route('account-info'))).body['providerAccountId']).toBe(byCookie.body['providerAccountId']);
  });

  it('ignores a cookie that does not open or belongs to another individual', async () => {
    const stolen = browser.cookies(origin())[COOKIE] ?? '';
    const ivo = new TestBrowser();
    const ivoId = await signInViaApp(ivo, app.baseUrl, 'op', 'ivo@example.com');
    const [ivoAccount] = await client.listAccounts(ivoId);
    ivo.setCookie(origin(), COOKIE, stolen);
    const foreign = await jsonCall(ivo, route('access-token'), { json: {} });
    expect(foreign.status).toBe(200);
    expect(foreign.body['providerAccountId']).toBe(ivoAccount?.providerAccountId);
    ivo.setCookie(origin(), COOKIE, 'v1.AAAAAAAA.garbage');
    expect((await jsonCall(ivo, route('access-token'), { json: {} })).body['providerAccountId']).toBe(ivoAccount?.providerAccountId);
  });

  it('a refresh re-writes the cookie; an unlink clears it', async () => {
    const refreshed = await jsonCall(browser, route('refresh-token'), { json: {} });
    expect(refreshed.status).toBe(200);
    const written = setCookieFor(refreshed.raw.setCookies, COOKIE);
    expect(written).toContain(`Max-Age=${SESSION_MAX_AGE}`);
    expect(written).toContain('HttpOnly');
    expect(written).not.toContain(String(refreshed.body['accessToken']));
    const unlinked = await jsonCall(browser, route('unlink'), { json: {} });
    expect(unlinked.body).toEqual({ status: true, redirect: false });
    expect(setCookieFor(unlinked.raw.setCookies, COOKIE)).toMatch(new RegExp(`^${COOKIE}=; Max-Age=0; Path=/`));
    expect(browser.cookies(origin())[COOKIE]).toBeUndefined();
    // One account left: the "only account" rule applies again.
    expect((await jsonCall(browser, route('access-token'), { json: {} })).status).toBe(200);
  });

  it('direct ID-token sign-in and link write the cookie; a provider without storeAccountCookie never does', async () => {
    const tokens = await obtainDirectTokens({ issuer: op.issuer, clientId: APP_CLIENT_ID, clientSecret: APP_CLIENT_SECRET, redirectUri: nativeRedirect, loginHint: 'jo@example.com' });
    const native = new TestBrowser();
    const signIn = await jsonCall(native, route('signin/id-token'), { json: { idToken: tokens.idToken, accessToken: tokens.accessToken } });
    expect(signIn.status).toBe(200);
    expect(setCookieFor(signIn.raw.setCookies, COOKIE)).toContain('HttpOnly');
    const more = await obtainDirectTokens({ issuer: op.issuer, clientId: APP_CLIENT_ID, clientSecret: APP_CLIENT_SECRET, redirectUri: nativeRedirect, loginHint: 'jo.work@example.com' });
    const link = await jsonCall(native, route('link/id-token'), { json: { idToken: more.idToken, accessToken: more.accessToken } });
    expect(link.status).toBe(200);
    expect(setCookieFor(link.raw.setCookies, COOKIE)).toBeDefined();
    const viaCookie = await jsonCall(native, route('access-token'), { json: {} });
    expect(viaCookie.body['accessToken']).toBe(more.accessToken);
    const plain = await jsonCall(native, route('signin/id-token', 'plain'), { json: { idToken: tokens.idToken, accessToken: tokens.accessToken } });
    expect(plain.status).toBe(200);
    expect(plain.raw.setCookies.some((header) => header.startsWith('belgie_oauth_plain_account='))).toBe(false);
  });
});
