import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Post } from '@nestjs/common';
import {
  ConfigurationError,
  LinkedProviderAccountId,
  OAuthProvider,
  OAuthRepository,
  ProviderAccessToken,
  RequireLinkedAccount,
  type OAuthClient,
} from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';
import { jsonCall, signInViaApp } from '../helpers/app-session-flows.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import type { RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import { appClientOptions, callbackUrl, clientOf, startOpForApp } from '../helpers/real-op-client.js';

const EMAIL = 'gina@example.com';

@Controller('api')
class ApiController {
  @Get('profile')
  @RequireLinkedAccount('op', { scopes: ['email'] })
  profile(@ProviderAccessToken('op') accessToken: string, @LinkedProviderAccountId('op') providerAccountId: string): unknown {
    return { accessToken, providerAccountId };
  }

  @Get('calendar')
  @RequireLinkedAccount('op', { scopes: ['calendar'] })
  calendar(): unknown {
    return { ok: true };
  }

  @Get('calendar-link')
  @RequireLinkedAccount('op', { scopes: ['calendar'], redirectToLink: true })
  calendarLink(): unknown {
    return { ok: true };
  }

  @Get('second')
  @RequireLinkedAccount('second', { redirectToLink: true })
  second(@ProviderAccessToken('second') accessToken: string): unknown {
    return { hasToken: accessToken.length > 0 };
  }

  @Post('second')
  @RequireLinkedAccount('second', { redirectToLink: true })
  secondPost(): unknown {
    return { ok: true };
  }

  @Get('both')
  @RequireLinkedAccount('op')
  @RequireLinkedAccount('second')
  both(@LinkedProviderAccountId('op') op: string, @LinkedProviderAccountId('second') second: string): unknown {
    return { op, second };
  }
}

/** A route that names a provider the module does not have: refused when the app starts. */
@Controller('misconfigured')
class MisconfiguredController {
  @Get()
  @RequireLinkedAccount('nope')
  misconfigured(): unknown {
    return { ok: true };
  }
}

describe('@RequireLinkedAccount / LinkedAccountGuard and @ProviderAccessToken against a real OP', () => {
  let op: RunningOidcProvider;
  let app: TestApp;
  let browser: TestBrowser;
  let individualId: string;
  let opClient: OAuthClient;
  const api = (path: string) => `${app.baseUrl}/api/${path}`;

  beforeAll(async () => {
    const port = await freePort();
    op = await startOpForApp([callbackUrl(port, 'op'), callbackUrl(port, 'second')], { accessTokenTtl: 3600 });
    const common = appClientOptions(op.issuer);
    app = await startTestApp({
      port,
      repository: new InMemoryOAuthRepository(),
      providers: [OAuthProvider({ id: 'op', ...common, encryptTokens: true }), OAuthProvider({ id: 'second', ...common, allowDifferentLinkEmails: true })],
      extra: { controllers: [ApiController] },
    });
    browser = new TestBrowser();
    individualId = await signInViaApp(browser, app.baseUrl, 'op', EMAIL);
    opClient = clientOf(app);
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await op?.stop();
  });

  it('answers 401 not_authenticated without a session (SessionGuard runs first)', async () => {
    const result = await jsonCall(new TestBrowser(), api('profile'));
    expect(result.status).toBe(401);
    expect(result.body).toEqual({ code: 'not_authenticated', message: 'not authenticated' });
  });

  it('passes with a linked account holding the scopes, and hands the handler its access token', async () => {
    const result = await jsonCall(browser, api('profile'));
    expect(result.status).toBe(200);
    const [account] = await opClient.listAccounts(individualId);
    expect(result.body).toEqual({ accessToken: account?.accessToken, providerAccountId: account?.providerAccountId });
  });

  it('@ProviderAccessToken refreshes a token that is about to expire (one refresh at the OP)', async () => {
    const [account] = await opClient.listAccounts(individualId);
    if (!account) throw new Error('no account');
    // Null token fields mean "keep" (persistence contract): only the expiry moves, 5 s ahead.
    await app.app.get(OAuthRepository).updateAccountTokens(account.id, {
      accessToken: null,
      refreshToken: null,
      idToken: null,
      accessTokenExpiresAt: new Date(Date.now() + 5_000),
      refreshTokenExpiresAt: null,
      scope: null,
      tokenType: null,
    });
    await op.resetCounters();
    const result = await jsonCall(browser, api('profile'));
    expect(result.status).toBe(200);
    expect((await op.counters())['token:refresh_token']).toBe(1);
    expect(result.body['accessToken']).not.toBe(account.accessToken);
    const [after] = await opClient.listAccounts(individualId);
    expect(result.body['accessToken']).toBe(after?.accessToken);
  });

  it('answers 403 insufficient_scope when the stored scope lacks one, 403 account_not_linked without an account', async () => {
    const scope = await jsonCall(browser, api('calendar'));
    expect(scope.status).toBe(403);
    expect(scope.body).toEqual({ code: 'insufficient_scope', message: 'the linked op account lacks a required scope' });
    const both = await jsonCall(browser, api('both'));
    expect(both.status).toBe(403);
    expect(both.body).toEqual({ code: 'account_not_linked', message: 'a linked second account is required' });
    // A non-GET is never redirected: an API caller cannot follow the provider round trip.
    const post = await jsonCall(browser, api('second'), { json: {} });
    expect(post.status).toBe(403);
    expect(post.body['code']).toBe('account_not_linked');
  });

  it('with redirectToLink sends a GET to the link flow asking for the configured plus the required scopes', async () => {
    const result = await browser.request(api('calendar-link'));
    expect(result.status).toBe(302);
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect(result.location).toMatch(new RegExp(`^${app.baseUrl}/auth/provider/op/start\\?token=`));
    const start = await browser.request(result.location ?? '');
    const authorize = new URL(start.location ?? '');
    expect(authorize.origin).toBe(op.issuer);
    expect(authorize.searchParams.get('scope')?.split(' ')).toEqual(['openid', 'email', 'profile', 'offline_access', 'calendar']);
  });

  it('a redirectToLink route completes the link flow and lands back on the route, which then passes', async () => {
    const trace = await browser.follow(api('second'), { stopAt: (url) => url.pathname === '/api/second' });
    expect(trace.stoppedAt?.pathname).toBe('/api/second');
    const second = await jsonCall(browser, api('second'));
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ hasToken: true });
    const both = await jsonCall(browser, api('both'));
    expect(both.status).toBe(200);
    const [opAccount] = await opClient.listAccounts(individualId);
    // The OP's automatic login links its default account here: another identity than the sign-in's.
    expect(both.body).toEqual({ op: opAccount?.providerAccountId, second: expect.any(String) });
    expect(both.body['second']).not.toBe(both.body['op']);
  });

  it('a route naming an unconfigured provider stops the app at bootstrap, naming the controller and the id', async () => {
    const failure = await startTestApp({
      port: await freePort(),
      repository: new InMemoryOAuthRepository(),
      providers: [OAuthProvider({ id: 'op', ...appClientOptions(op.issuer) })],
      extra: { controllers: [MisconfiguredController] },
    }).then(
      (started) => started.close().then(() => null),
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ConfigurationError);
    expect(failure instanceof Error ? failure.message : '').toContain(
      "MisconfiguredController uses @RequireLinkedAccount('nope'), but no provider 'nope' is configured",
    );
  });
});
