import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Subscription } from 'rxjs';
import { OAuthEvents, OAuthProvider, type OAuthClient, type OAuthEvent } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';
import { jsonCall, linkViaApp, signInViaApp } from '../helpers/app-session-flows.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { revokeAtOp } from '../helpers/op-direct-tokens.js';
import type { RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import { APP_CLIENT_ID, APP_CLIENT_SECRET, appClientOptions, callbackUrl, clientOf, startOpForApp } from '../helpers/real-op-client.js';

describe('OAuthEvents: sign-in, sign-up, link, unlink, refresh and refresh failure, from real flows', () => {
  let op: RunningOidcProvider;
  let app: TestApp;
  let client: OAuthClient;
  let browser: TestBrowser;
  let individualId: string;
  const seen: OAuthEvent[] = [];
  const history: OAuthEvent[] = [];
  const secrets: string[] = [];
  const subscriptions: Subscription[] = [];
  const route = (path: string) => `${app.baseUrl}/auth/provider/op/${path}`;
  const drain = () => seen.splice(0, seen.length);
  const rememberTokens = async (providerAccountId?: string) => {
    const tokens = await client.tokenSet(individualId, providerAccountId ?? null, { autoRefresh: false });
    secrets.push(...[tokens.accessToken, tokens.refreshToken, tokens.idToken].filter((value): value is string => value !== null));
  };

  beforeAll(async () => {
    const port = await freePort();
    op = await startOpForApp([callbackUrl(port)]);
    app = await startTestApp({
      port,
      repository: new InMemoryOAuthRepository(),
      providers: [
        OAuthProvider({ id: 'op', ...appClientOptions(op.issuer), allowDifferentLinkEmails: true, encryptTokens: true }),
      ],
    });
    const events = app.app.get(OAuthEvents);
    subscriptions.push(events.events$.subscribe((event) => {
      seen.push(event);
      history.push(event);
    }));
    // Subscribers that fail must not break the flows below.
    subscriptions.push(events.on('signin', () => {
      throw new Error('audit sink down');
    }));
    subscriptions.push(events.on('refresh', () => Promise.reject(new Error('queue full'))));
    client = clientOf(app);
    browser = new TestBrowser();
  }, 30_000);

  afterAll(async () => {
    subscriptions.forEach((subscription) => subscription.unsubscribe());
    await app?.close();
    await op?.stop();
  });

  it('a first sign-in emits signup then signin (despite a throwing subscriber); a later one only signin', async () => {
    individualId = await signInViaApp(browser, app.baseUrl, 'op', 'lena@example.com');
    const [account] = await client.listAccounts(individualId);
    const ids = { provider: 'op', individualId, providerAccountId: account?.providerAccountId };
    expect(drain()).toEqual([
      { type: 'signup', ...ids, at: expect.any(Date) },
      { type: 'signin', ...ids, at: expect.any(Date) },
    ]);
    await rememberTokens();
    expect(await signInViaApp(browser, app.baseUrl, 'op', 'lena@example.com')).toBe(individualId);
    expect(drain().map((event) => event.type)).toEqual(['signin']);
    await rememberTokens();
  });

  it('a redirect link emits link with the new provider account id, and no session event', async () => {
    const landing = await linkViaApp(browser, app.baseUrl, 'op', individualId);
    expect(landing.error).toBeNull();
    const events = drain();
    expect(events).toEqual([{ type: 'link', provider: 'op', individualId, providerAccountId: expect.any(String), at: expect.any(Date) }]);
    const linked = (await client.listAccounts(individualId)).map((account) => account.providerAccountId);
    expect(linked).toContain(events[0]?.providerAccountId);
  });

  it('a refresh emits refresh (a rejecting subscriber does not fail the route); a revoked grant emits refresh_failed', async () => {
    const [account] = await client.listAccounts(individualId);
    const providerAccountId = account?.providerAccountId ?? '';
    const refreshed = await jsonCall(browser, route('refresh-token'), { json: { providerAccountId } });
    expect(refreshed.status).toBe(200);
    expect(drain()).toEqual([{ type: 'refresh', provider: 'op', individualId, providerAccountId, at: expect.any(Date) }]);
    await rememberTokens(providerAccountId);
    const { refreshToken } = await client.tokenSet(individualId, providerAccountId, { autoRefresh: false });
    expect(await revokeAtOp(op.issuer, APP_CLIENT_ID, APP_CLIENT_SECRET, refreshToken ?? '')).toBe(200);
    const failed = await jsonCall(browser, route('refresh-token'), { json: { providerAccountId } });
    expect(failed.body['code']).toBe('refresh_failed');
    expect(drain()).toEqual([
      { type: 'refresh_failed', provider: 'op', individualId, providerAccountId, kind: 'reauthentication_required', code: 'refresh_failed', at: expect.any(Date) },
    ]);
  });

  it('an unlink emits unlink; a no-op unlink emits nothing', async () => {
    const accounts = await client.listAccounts(individualId);
    const target = accounts[1]?.providerAccountId ?? '';
    expect((await jsonCall(browser, route('unlink'), { json: { providerAccountId: 'not-mine' } })).body['status']).toBe(false);
    expect((await jsonCall(browser, route('unlink'), { json: { providerAccountId: target } })).body['status']).toBe(true);
    expect(drain()).toEqual([{ type: 'unlink', provider: 'op', individualId, providerAccountId: target, at: expect.any(Date) }]);
  });

  it('never put a token in any event of the flows above (identifiers only)', () => {
    expect(history.map((event) => event.type)).toEqual(['signup', 'signin', 'signin', 'link', 'refresh', 'refresh_failed', 'unlink']);
    expect(secrets.length).toBeGreaterThanOrEqual(9);
    const serialized = JSON.stringify(history);
    for (const secret of secrets) expect(serialized).not.toContain(secret);
    for (const event of history.filter((event) => event.type !== 'refresh_failed')) {
      expect(Object.keys(event).sort()).toEqual(['at', 'individualId', 'provider', 'providerAccountId', 'type']);
    }
  });
});
