import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuthProvider, type OAuthClient } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';
import { jsonCall, signInViaApp } from '../helpers/app-session-flows.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import type { RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import { TEST_PLATFORMS, startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { appClientOptions, callbackUrl, clientOf, startOpForApp } from '../helpers/real-op-client.js';

const EMAIL = 'frank@example.com';

describe.each(TEST_PLATFORMS)('linked-account routes against a real OpenID Provider on %s', (platform) => {
  let op: RunningOidcProvider;
  let app: TestApp;
  let client: OAuthClient;
  let browser: TestBrowser;
  let individualId: string;
  let providerAccountId: string;
  const route = (path: string) => `${app.baseUrl}/auth/provider/op/${path}`;

  beforeAll(async () => {
    const port = await freePort();
    op = await startOpForApp([callbackUrl(port)]);
    app = await startTestApp({
      port,
      platform,
      repository: new InMemoryOAuthRepository(),
      providers: [OAuthProvider({ id: 'op', ...appClientOptions(op.issuer), encryptTokens: true })],
    });
    client = clientOf(app);
    browser = new TestBrowser();
    individualId = await signInViaApp(browser, app.baseUrl, 'op', EMAIL);
    const [account] = await client.listAccounts(individualId);
    providerAccountId = account?.providerAccountId ?? '';
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await op?.stop();
  });

  it('answers 401 not_authenticated on every route without a session, and 404 for an unknown provider', async () => {
    const anonymous = new TestBrowser();
    const calls = [
      jsonCall(anonymous, route('accounts')),
      jsonCall(anonymous, route('account-info')),
      jsonCall(anonymous, route('unlink'), { json: {} }),
      jsonCall(anonymous, route('access-token'), { json: {} }),
      jsonCall(anonymous, route('refresh-token'), { json: {} }),
      jsonCall(anonymous, route('link/id-token'), { json: { idToken: 'x' } }),
    ];
    for (const result of await Promise.all(calls)) {
      expect(result.status).toBe(401);
      expect(result.body).toEqual({ code: 'not_authenticated', message: 'not authenticated' });
    }
    const unknown = await browser.request(`${app.baseUrl}/auth/provider/nope/accounts`);
    expect(unknown.status).toBe(404);
  });

  it('GET accounts lists camelCase accounts with presence flags and ISO dates, never the tokens', async () => {
    const result = await jsonCall(browser, route('accounts'));
    expect(result.status).toBe(200);
    expect(result.headers.get('cache-control')).toBe('no-store');
    const tokens = await client.tokenSet(individualId, null, { autoRefresh: false });
    expect(result.body).toEqual({
      accounts: [
        {
          id: expect.any(String),
          individualId,
          provider: 'op',
          providerAccountId,
          accessTokenExpiresAt: tokens.accessTokenExpiresAt?.toISOString(),
          refreshTokenExpiresAt: null,
          tokenType: 'Bearer',
          scope: expect.stringContaining('openid'),
          hasAccessToken: true,
          hasRefreshToken: true,
          hasIdToken: true,
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
          updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        },
      ],
    });
    for (const secret of [tokens.accessToken, tokens.refreshToken, tokens.idToken]) {
      expect(secret).toBeTruthy();
      expect(result.raw.body).not.toContain(secret ?? '');
    }
  });

  it('POST access-token returns the stored token set (no-store), by explicit id or the only account', async () => {
    const stored = await client.tokenSet(individualId, providerAccountId, { autoRefresh: false });
    const implicit = await jsonCall(browser, route('access-token'), { json: {} });
    expect(implicit.status).toBe(200);
    expect(implicit.headers.get('cache-control')).toBe('no-store');
    expect(implicit.body).toEqual({
      provider: 'op',
      providerAccountId,
      accessToken: stored.accessToken,
      tokenType: 'Bearer',
      scope: stored.scope,
      accessTokenExpiresAt: stored.accessTokenExpiresAt?.toISOString(),
      idToken: stored.idToken,
    });
    const explicit = await jsonCall(browser, route('access-token'), { json: { providerAccountId } });
    expect(explicit.body).toEqual(implicit.body);
    expect(await client.getAccessToken(individualId)).toBe(stored.accessToken);
    const missing = await jsonCall(browser, route('access-token'), { json: { providerAccountId: 'someone-else' } });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ code: 'oauth_account_not_found', message: 'oauth account not found' });
  });

  it('refuses non-JSON bodies, unknown fields and snake_case aliases with invalid_request, naming no values', async () => {
    const form = await jsonCall(browser, route('unlink'), { form: { providerAccountId } });
    expect(form.status).toBe(400);
    expect(form.body['code']).toBe('invalid_request');
    const textPlain = await jsonCall(browser, route('access-token'), { method: 'POST', headers: { 'content-type': 'text/plain' } });
    expect(textPlain.body['code']).toBe('invalid_request');
    const unknown = await jsonCall(browser, route('access-token'), { json: { providerAccountId, extra: 'secret-value-123' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body['code']).toBe('invalid_request');
    expect(unknown.body['message']).toContain('extra');
    expect(unknown.body['message']).not.toContain('secret-value-123');
    const snake = await jsonCall(browser, route('refresh-token'), { json: { provider_account_id: providerAccountId } });
    expect(snake.body['code']).toBe('invalid_request');
    const wrongType = await jsonCall(browser, route('unlink'), { json: { providerAccountId: 42 } });
    expect(wrongType.body['code']).toBe('invalid_request');
    expect(await client.listAccounts(individualId)).toHaveLength(1);
  });

  it('POST refresh-token always refreshes at the OP and returns the rotated tokens', async () => {
    const before = await client.tokenSet(individualId, null, { autoRefresh: false });
    await op.resetCounters();
    const result = await jsonCall(browser, route('refresh-token'), { json: {} });
    expect(result.status).toBe(200);
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect((await op.counters())['token:refresh_token']).toBe(1);
    expect(result.body).toMatchObject({ provider: 'op', providerAccountId, tokenType: 'Bearer', refreshTokenExpiresAt: null });
    expect(result.body['accessToken']).not.toBe(before.accessToken);
    expect(result.body['refreshToken']).not.toBe(before.refreshToken);
    // The library keeps the ID token when the refresh response carries none (spec §3.7).
    expect(typeof result.body['idToken']).toBe('string');
    expect(await client.getAccessToken(individualId)).toBe(result.body['accessToken']);
    const viaClient = await client.refreshAccount(individualId, providerAccountId);
    expect(viaClient.accessToken).not.toBe(result.body['accessToken']);
    expect((await op.counters())['token:refresh_token']).toBe(2);
  });

  it('GET account-info fetches the profile with the stored access token', async () => {
    const result = await jsonCall(browser, route(`account-info?providerAccountId=${encodeURIComponent(providerAccountId)}`));
    expect(result.status).toBe(200);
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect(result.body).toEqual({
      provider: 'op',
      providerAccountId,
      user: {
        providerAccountId,
        email: EMAIL,
        emailVerified: true,
        name: 'frank',
        image: null,
        raw: expect.objectContaining({ sub: providerAccountId, email: EMAIL }),
      },
    });
    const implicit = await jsonCall(browser, route('account-info'));
    expect(implicit.body).toEqual(result.body);
    expect(await client.accountInfo(individualId)).toMatchObject({ providerAccountId, email: EMAIL });
    const missing = await jsonCall(browser, route('account-info?providerAccountId=nobody'));
    expect(missing.status).toBe(400);
    expect(missing.body['code']).toBe('oauth_account_not_found');
  });

  it('unlinks, then everything reports the account gone, and signing in again re-links it', async () => {
    const other = await jsonCall(browser, route('unlink'), { json: { providerAccountId: 'not-mine' } });
    expect(other.body).toEqual({ status: false, redirect: false });
    const unlinked = await jsonCall(browser, route('unlink'), { json: {} });
    expect(unlinked.status).toBe(200);
    expect(unlinked.body).toEqual({ status: true, redirect: false });
    expect((await jsonCall(browser, route('accounts'))).body).toEqual({ accounts: [] });
    expect(await client.listAccounts(individualId)).toEqual([]);
    for (const result of [
      await jsonCall(browser, route('access-token'), { json: {} }),
      await jsonCall(browser, route('refresh-token'), { json: {} }),
      await jsonCall(browser, route('account-info')),
      await jsonCall(browser, route('unlink'), { json: {} }),
    ]) {
      expect(result.status).toBe(400);
      expect(result.body).toEqual({ code: 'oauth_account_not_found', message: 'oauth account not found' });
    }
    await expect(client.unlinkAccount(individualId)).rejects.toMatchObject({ code: 'oauth_account_not_found' });
    // The session survives an unlink; signing in again attaches the identity to the same individual.
    expect(await signInViaApp(browser, app.baseUrl, 'op', EMAIL)).toBe(individualId);
    const again = await jsonCall(browser, route('accounts'));
    expect(again.body['accounts']).toEqual([expect.objectContaining({ providerAccountId, individualId })]);
    expect(await client.unlinkAccount(individualId, providerAccountId)).toBe(true);
    expect(await client.listAccounts(individualId)).toEqual([]);
  });
});
