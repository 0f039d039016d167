import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, HttpException, Injectable, Param, Redirect, Req, UseFilters, UseGuards, type ExecutionContext } from '@nestjs/common';
import {
  LinkedAccountGuard,
  OAuthClients,
  OAuthError,
  OAuthExceptionFilter,
  OAuthProvider,
  RequireLinkedAccount,
  SessionGuard,
  type LinkedAccountRefusal,
  type RequestWithSession,
  type SignedInSession,
} from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';
import { jsonCall, signInViaApp } from '../helpers/app-session-flows.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import type { RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import { appClientOptions, callbackUrl, startOpForApp } from '../helpers/real-op-client.js';

/** Override point `handleRequest`: signed-out requests pass, as anonymous (Passport's optional auth). */
@Injectable()
class OptionalSessionGuard extends SessionGuard {
  override handleRequest(signedIn: SignedInSession | null): SignedInSession | null {
    return signedIn;
  }
}

/**
 * Override points `getRequest` / `getResponse`: where the request and response are. Here a native
 * client sends its session token in a header instead of the cookie (as a GraphQL or RPC context would
 * hand over a different request object); the response is left untouched (no cookie renewal written).
 */
@Injectable()
class HeaderSessionGuard extends SessionGuard {
  override getRequest(context: ExecutionContext): RequestWithSession {
    const request = super.getRequest(context) as RequestWithSession & { headers: Record<string, string | undefined> };
    const token = request.headers['x-session-token'];
    // Only the header counts here: whatever cookie the client also sent is replaced.
    request.headers.cookie = token === undefined ? '' : `belgie_session=${token}`;
    return request;
  }

  override getResponse(_context: ExecutionContext): unknown {
    return { header: () => undefined, setHeader: () => undefined, getHeader: () => undefined };
  }
}

/** Override point `handleRefusal`: the app's own answer instead of the default 403. */
@Injectable()
class ConnectFirstGuard extends LinkedAccountGuard {
  override async handleRefusal(refusal: LinkedAccountRefusal, _context: ExecutionContext): Promise<boolean> {
    throw new HttpException({ connect: `/connect/${refusal.requirement.providerId}`, reason: refusal.reason }, 409);
  }
}

@Controller('custom')
class CustomGuardsController {
  @Get('optional')
  @UseGuards(OptionalSessionGuard)
  optional(@Req() request: RequestWithSession): unknown {
    return { signedIn: request.oauthSession !== undefined };
  }

  @Get('header')
  @UseGuards(HeaderSessionGuard)
  header(@Req() request: RequestWithSession): unknown {
    return { signedIn: request.oauthSession !== undefined };
  }

  @Get('second')
  @RequireLinkedAccount('second', { guards: { linkedAccount: ConnectFirstGuard } })
  second(): unknown {
    return { ok: true };
  }
}

/** The app's own controllers: the library's filter does not answer for them unless the app asks. */
@Controller('app')
class AppErrorsController {
  @Get('unfiltered')
  unfiltered(): never {
    throw new OAuthError('invalid_request', 'the app refuses');
  }

  @Get('filtered')
  @UseFilters(OAuthExceptionFilter)
  filtered(): never {
    throw new OAuthError('invalid_request', 'the app refuses');
  }
}

/** A sign-in started without an error URL (and its provider has none): callback errors are answered as JSON. */
@Controller('app')
class NoErrorPageController {
  constructor(private readonly clients: OAuthClients) {}

  @Get('sign-in-without-error-page/:provider')
  @Redirect()
  async signIn(@Param('provider') provider: string): Promise<{ url: string }> {
    return { url: await this.clients.getOrThrow(provider).signInUrl({}) };
  }
}

describe('guard override points and the scope of the library exception filter', () => {
  let op: RunningOidcProvider;
  let app: TestApp;
  let browser: TestBrowser;
  const url = (path: string) => `${app.baseUrl}/${path}`;

  beforeAll(async () => {
    const port = await freePort();
    op = await startOpForApp([callbackUrl(port, 'op'), callbackUrl(port, 'second')]);
    const common = appClientOptions(op.issuer);
    app = await startTestApp({
      port,
      repository: new InMemoryOAuthRepository(),
      providers: [
        OAuthProvider({ id: 'op', ...common }),
        OAuthProvider({ id: 'second', ...common }),
        OAuthProvider({ id: 'bare', ...common, defaultErrorRedirectUrl: null }),
      ],
      extra: { controllers: [CustomGuardsController, AppErrorsController, NoErrorPageController] },
    });
    browser = new TestBrowser();
    await signInViaApp(browser, app.baseUrl, 'op', 'hana@example.com');
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await op?.stop();
  });

  it('an overridden SessionGuard.handleRequest lets anonymous requests through and still sees a session', async () => {
    expect(await jsonCall(new TestBrowser(), url('custom/optional'))).toMatchObject({ status: 200, body: { signedIn: false } });
    expect(await jsonCall(browser, url('custom/optional'))).toMatchObject({ status: 200, body: { signedIn: true } });
  });

  it('session forgery: a made-up session cookie under the optional guard is anonymous, never a session', async () => {
    const forged = { cookie: 'belgie_session=forged-session-token-0123456789' };
    expect(await jsonCall(new TestBrowser(), url('custom/optional'), { headers: forged })).toMatchObject({ status: 200, body: { signedIn: false } });
  });

  it('overridden getRequest / getResponse: the session comes from where the override says, never from elsewhere', async () => {
    const token = browser.cookies(app.baseUrl)['belgie_session'];
    expect(token).toBeDefined();
    // The token in the header signs in; the browser's own cookie alone does not (the override ignores it).
    expect(await jsonCall(new TestBrowser(), url('custom/header'), { headers: { 'x-session-token': token ?? '' } })).toMatchObject({ status: 200, body: { signedIn: true } });
    expect(await jsonCall(browser, url('custom/header'))).toMatchObject({ status: 401, body: { code: 'not_authenticated' } });
    expect(await jsonCall(new TestBrowser(), url('custom/header'), { headers: { 'x-session-token': 'forged-session-token-0123456789' } })).toMatchObject({ status: 401 });
  });

  it('an overridden LinkedAccountGuard.handleRefusal answers the app’s way; a linked account still passes', async () => {
    const refused = await jsonCall(browser, url('custom/second'));
    expect(refused).toMatchObject({ status: 409, body: { connect: '/connect/second', reason: 'account_not_linked' } });
    const linked = new TestBrowser();
    await signInViaApp(linked, app.baseUrl, 'second', 'ida@example.com');
    expect(await jsonCall(linked, url('custom/second'))).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('the library answers its own routes with coded JSON', async () => {
    const result = await jsonCall(new TestBrowser(), url('auth/provider/op/accounts'));
    expect(result).toMatchObject({ status: 401, body: { code: 'not_authenticated' } });
    expect(await jsonCall(new TestBrowser(), url('login/nope'))).toMatchObject({ status: 404, body: { code: 'provider_not_found' } });
  });

  it('an unknown provider on the library\'s own routes is 404 provider_not_found', async () => {
    expect(await jsonCall(browser, url('auth/provider/nope/accounts'))).toMatchObject({ status: 404, body: { code: 'provider_not_found' } });
    expect(await jsonCall(new TestBrowser(), url('auth/provider/nope/start?token=x'))).toMatchObject({ status: 404, body: { code: 'provider_not_found' } });
  });

  it.each([
    ['repeats a provider error that looks like an RFC 6749 code', 'access_denied', { code: 'access_denied', message: 'The user denied the request' }],
    ['attack: never repeats one that does not (markup)', '<svg/onload=alert(1)>', { code: 'oauth_callback_failed', message: 'provider returned a malformed error' }],
  ])('a callback with no error URL answers coded JSON and %s', async (_label, providerError, body) => {
    const denied = new TestBrowser();
    const trace = await denied.follow(url('app/sign-in-without-error-page/bare'), { stopAt: (next) => next.origin === new URL(op.issuer).origin });
    const state = trace.stoppedAt?.searchParams.get('state');
    expect(state).toEqual(expect.any(String));
    const callback = new URL(url('auth/provider/bare/callback'));
    callback.search = new URLSearchParams({ error: providerError, error_description: 'The user denied the request', state: state ?? '', iss: op.issuer }).toString();
    expect(await jsonCall(denied, callback.href)).toMatchObject({ status: 400, body });
  });

  it('an OAuthError thrown by the app’s own route is not answered by the library (no global filter)', async () => {
    const unfiltered = await jsonCall(browser, url('app/unfiltered'));
    expect(unfiltered.status).toBe(500);
    expect(JSON.stringify(unfiltered.body)).not.toContain('invalid_request');
    // An app that wants the library's answers applies the exported filter (here on one route).
    expect(await jsonCall(browser, url('app/filtered'))).toMatchObject({ status: 400, body: { code: 'invalid_request', message: 'the app refuses' } });
  });
});
