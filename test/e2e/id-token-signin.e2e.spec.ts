import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuthProvider } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';
import { jsonCall } from '../helpers/app-session-flows.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { obtainDirectTokens, type DirectTokens } from '../helpers/op-direct-tokens.js';
import type { RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { APP_CLIENT_ID, APP_CLIENT_SECRET, appClient, callbackUrl, clientOf as registeredClient, startOpForApp } from '../helpers/real-op-client.js';

describe('direct ID-token sign-in and link with tokens minted by a real OpenID Provider', () => {
  let op: RunningOidcProvider;
  let app: TestApp;
  let repository: InMemoryOAuthRepository;
  let nativeRedirect: string;
  let erinBrowser: TestBrowser;
  let erinId: string;
  const route = (provider: string, path: string) => `${app.baseUrl}/auth/provider/${provider}/${path}`;
  const clientOf = (id: string) => registeredClient(app, id);
  const tokensFor = (email: string, nonce?: string): Promise<DirectTokens> =>
    obtainDirectTokens({ issuer: op.issuer, clientId: APP_CLIENT_ID, clientSecret: APP_CLIENT_SECRET, redirectUri: nativeRedirect, loginHint: email, nonce });

  beforeAll(async () => {
    const port = await freePort();
    nativeRedirect = `http://127.0.0.1:${port}/native/callback`;
    op = await startOpForApp([...['op', 'second', 'off'].map((id) => callbackUrl(port, id)), nativeRedirect]);
    repository = new InMemoryOAuthRepository();
    const common = appClient(op.issuer);
    app = await startTestApp({
      port,
      repository,
      providers: [
        OAuthProvider({ id: 'op', ...common, encryptTokens: true }),
        OAuthProvider({ id: 'second', ...common }),
        OAuthProvider({ id: 'off', ...common, disableIdTokenSignIn: true }),
        OAuthProvider({ id: 'nonced', ...common, requireServerNonce: true }),
      ],
    });
    erinBrowser = new TestBrowser();
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await op?.stop();
  });

  it('signs a new person in: session cookie + token in JSON, individual in camelCase, the body tokens stored', async () => {
    const tokens = await tokensFor('erin@example.com', 'nonce-erin-1');
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const result = await jsonCall(erinBrowser, route('op', 'signin/id-token'), {
      json: {
        idToken: tokens.idToken,
        nonce: 'nonce-erin-1',
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        accessTokenExpiresAt: expiresAt,
        tokenType: tokens.tokenType,
        scopes: ['openid', 'email', 'openid'],
        requestSignUp: true,
      },
    });
    expect(result.status).toBe(200);
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect(result.body).toEqual({
      redirect: false,
      token: expect.any(String),
      individual: {
        id: expect.any(String),
        email: 'erin@example.com',
        emailVerified: true,
        name: 'erin',
        image: null,
        scopes: [],
        createdAt: expect.stringMatching(/Z$/),
        updatedAt: expect.stringMatching(/Z$/),
      },
    });
    const sessionCookie = result.raw.setCookies.find((header) => header.startsWith('belgie_session='));
    expect(sessionCookie).toContain(`belgie_session=${String(result.body['token'])}`);
    expect(sessionCookie).toMatch(/HttpOnly/i);
    const me = await jsonCall(erinBrowser, `${app.baseUrl}/me`);
    expect(me.status).toBe(200);
    erinId = String((result.body['individual'] as { id: string }).id);
    const stored = await clientOf('op').tokenSet(erinId, null, { autoRefresh: false });
    expect(stored).toMatchObject({
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      idToken: tokens.idToken,
      scope: 'openid email',
      accessTokenExpiresAt: new Date(expiresAt),
    });
    // The stored token is the OP's real one: it works at the OP's userinfo endpoint.
    expect(await clientOf('op').accountInfo(erinId)).toMatchObject({ email: 'erin@example.com', emailVerified: true });
  });

  it('a returning person signing in again gets the new tokens stored (updateAccountOnSignIn)', async () => {
    const tokens = await tokensFor('erin@example.com', 'nonce-erin-2');
    const result = await jsonCall(new TestBrowser(), route('op', 'signin/id-token'), {
      json: { idToken: tokens.idToken, nonce: 'nonce-erin-2', accessToken: tokens.accessToken },
    });
    expect(result.status).toBe(200);
    expect((result.body['individual'] as { id: string }).id).toBe(erinId);
    expect(await clientOf('op').getAccessToken(erinId)).toBe(tokens.accessToken);
    expect(repository.counts()).toMatchObject({ individuals: 1, accounts: 1, sessions: 2 });
  });

  it('accepts an ID token alone when it carries a nonce; such an account has no account info', async () => {
    const tokens = await tokensFor('gina@example.com', 'nonce-gina');
    const browser = new TestBrowser();
    const result = await jsonCall(browser, route('op', 'signin/id-token'), { json: { idToken: tokens.idToken } });
    expect(result.status).toBe(200);
    const info = await jsonCall(browser, route('op', 'account-info'));
    expect(info.status).toBe(400);
    expect(info.body).toEqual({ code: 'account_info_not_found', message: 'oauth account info not found' });
    const accessToken = await jsonCall(browser, route('op', 'access-token'), { json: {} });
    expect(accessToken.body['code']).toBe('access_token_missing');
  });

  it('rejects a wrong nonce, a nonce-less token without access token, and a tampered token: no session', async () => {
    const before = repository.counts();
    const withNonce = await tokensFor('hank@example.com', 'nonce-hank');
    const noNonce = await tokensFor('hank@example.com');
    const [header, payload, signature] = withNonce.idToken.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, email: 'erin@example.com' })).toString('base64url');
    const attempts = [
      { idToken: withNonce.idToken, nonce: 'another-nonce' },
      { idToken: noNonce.idToken },
      { idToken: `${header}.${forgedPayload}.${signature}`, nonce: 'nonce-hank' },
    ];
    for (const json of attempts) {
      const result = await jsonCall(new TestBrowser(), route('op', 'signin/id-token'), { json });
      expect(result.status).toBe(400);
      expect(result.body['code']).toBe('oauth_code_verification_failed');
      expect(result.raw.setCookies.some((c) => c.startsWith('belgie_session='))).toBe(false);
    }
    expect(repository.counts()).toMatchObject(before);
    // The same nonce-less token is fine when the access token it was issued with comes along.
    const accepted = await jsonCall(new TestBrowser(), route('op', 'signin/id-token'), {
      json: { idToken: noNonce.idToken, accessToken: noNonce.accessToken },
    });
    expect(accepted.status).toBe(200);
  });

  it('accepts JSON only and validates the body strictly (CSRF defence, no snake_case, no unknown fields)', async () => {
    const tokens = await tokensFor('ivy@example.com', 'nonce-ivy');
    const browser = new TestBrowser();
    const bad = [
      await jsonCall(browser, route('op', 'signin/id-token'), { form: { idToken: tokens.idToken, nonce: 'nonce-ivy' } }),
      await jsonCall(browser, route('op', 'signin/id-token'), {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
      }),
      await jsonCall(browser, route('op', 'signin/id-token'), { json: { id_token: tokens.idToken, nonce: 'nonce-ivy' } }),
      await jsonCall(browser, route('op', 'signin/id-token'), { json: { idToken: tokens.idToken, nonce: 'nonce-ivy', admin: true } }),
      await jsonCall(browser, route('op', 'signin/id-token'), { json: { idToken: tokens.idToken, accessTokenExpiresAt: 'tomorrow' } }),
      await jsonCall(browser, route('op', 'signin/id-token'), { json: { idToken: tokens.idToken, scopes: 'openid' } }),
      await jsonCall(browser, route('op', 'signin/id-token'), { json: {} }),
    ];
    for (const result of bad) {
      expect(result.status).toBe(400);
      expect(result.body['code']).toBe('invalid_request');
      expect(String(result.body['message'])).not.toContain(tokens.idToken);
    }
    expect(await repository.findIndividualByEmail('ivy@example.com')).toBeNull();
  });

  it('disableIdTokenSignIn refuses both direct routes with id_token_sign_in_disabled', async () => {
    const tokens = await tokensFor('erin@example.com', 'nonce-off');
    const signIn = await jsonCall(new TestBrowser(), route('off', 'signin/id-token'), { json: { idToken: tokens.idToken, nonce: 'nonce-off' } });
    expect(signIn.status).toBe(400);
    expect(signIn.body['code']).toBe('id_token_sign_in_disabled');
    const link = await jsonCall(erinBrowser, route('off', 'link/id-token'), { json: { idToken: tokens.idToken, nonce: 'nonce-off' } });
    expect(link.body['code']).toBe('id_token_sign_in_disabled');
  });

  it('links with an ID token for the signed-in individual only, without a new session', async () => {
    const sessions = repository.counts().sessions;
    const foreign = await tokensFor('jack@example.com', 'nonce-jack');
    const mismatch = await jsonCall(erinBrowser, route('second', 'link/id-token'), { json: { idToken: foreign.idToken, nonce: 'nonce-jack' } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body['code']).toBe('email_does_not_match');
    const tokens = await tokensFor('erin@example.com', 'nonce-link');
    const linked = await jsonCall(erinBrowser, route('second', 'link/id-token'), {
      json: { idToken: tokens.idToken, nonce: 'nonce-link', accessToken: tokens.accessToken, refreshToken: tokens.refreshToken },
    });
    expect(linked.status).toBe(200);
    expect(linked.body).toEqual({ status: true, redirect: false });
    expect(linked.raw.setCookies.some((c) => c.startsWith('belgie_session='))).toBe(false);
    expect(repository.counts().sessions).toBe(sessions);
    const [account] = await clientOf('second').listAccounts(erinId);
    expect(account).toMatchObject({ individualId: erinId, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
    // Idempotent: linking the same identity again (with a fresh token) keeps one account.
    const fresh = await tokensFor('erin@example.com', 'nonce-link-2');
    const again = await jsonCall(erinBrowser, route('second', 'link/id-token'), { json: { idToken: fresh.idToken, nonce: 'nonce-link-2' } });
    expect(again.body).toEqual({ status: true, redirect: false });
    expect(await clientOf('second').listAccounts(erinId)).toHaveLength(1);
    // The token used a moment ago is spent.
    const replayed = await jsonCall(erinBrowser, route('second', 'link/id-token'), { json: { idToken: tokens.idToken, nonce: 'nonce-link' } });
    expect({ status: replayed.status, code: replayed.body['code'] }).toEqual({ status: 400, code: 'id_token_replayed' });
  });

  it('attack: a leaked ID token replayed on another instance (shared repository) is refused, nothing written', async () => {
    const tokens = await tokensFor('ivan@example.com', 'nonce-ivan');
    const json = { idToken: tokens.idToken, nonce: 'nonce-ivan', accessToken: tokens.accessToken };
    const first = await jsonCall(new TestBrowser(), route('op', 'signin/id-token'), { json });
    expect(first.status).toBe(200);
    const before = repository.counts();
    const other = await startTestApp({ port: await freePort(), repository, providers: [OAuthProvider({ id: 'op', ...appClient(op.issuer) })] });
    try {
      for (const base of [other.baseUrl, app.baseUrl]) {
        const replay = await jsonCall(new TestBrowser(), `${base}/auth/provider/op/signin/id-token`, { json });
        expect({ status: replay.status, code: replay.body['code'] }).toEqual({ status: 400, code: 'id_token_replayed' });
        expect(replay.raw.setCookies.some((c) => c.startsWith('belgie_session='))).toBe(false);
      }
    } finally {
      await other.close();
    }
    expect(repository.counts()).toEqual(before);
  });

  it('attack: the same ID token sent 5 times in parallel signs in exactly once', async () => {
    const tokens = await tokensFor('judy@example.com', 'nonce-judy');
    const json = { idToken: tokens.idToken, nonce: 'nonce-judy', accessToken: tokens.accessToken };
    const results = await Promise.all(Array.from({ length: 5 }, () => jsonCall(new TestBrowser(), route('op', 'signin/id-token'), { json })));
    expect(results.map((result) => result.status).sort()).toEqual([200, 400, 400, 400, 400]);
    expect(results.filter((result) => result.body['code'] === 'id_token_replayed')).toHaveLength(4);
  });

  it('requireServerNonce: a token carrying a nonce from POST …/nonce signs in once; a token from outside our flow is refused', async () => {
    const issued = await jsonCall(new TestBrowser(), route('nonced', 'nonce'), { method: 'POST' });
    expect(issued.status).toBe(200);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    const nonce = String(issued.body['nonce']);
    expect(Date.parse(String(issued.body['expiresAt']))).toBeGreaterThan(Date.now());
    const tokens = await tokensFor('kim@example.com', nonce);
    const signedIn = await jsonCall(new TestBrowser(), route('nonced', 'signin/id-token'), { json: { idToken: tokens.idToken, nonce, accessToken: tokens.accessToken } });
    expect(signedIn.status).toBe(200);
    // Attack: an ID token the attacker obtained with a nonce of their own choosing (e.g. phished through
    // another app that uses the same client id) is not one this server asked for.
    const before = repository.counts();
    const outside = await tokensFor('kim@example.com', 'attacker-chosen-nonce');
    const refused = await jsonCall(new TestBrowser(), route('nonced', 'signin/id-token'), { json: { idToken: outside.idToken, nonce: 'attacker-chosen-nonce', accessToken: outside.accessToken } });
    expect({ status: refused.status, code: refused.body['code'] }).toEqual({ status: 400, code: 'invalid_nonce' });
    // The server nonce is spent: a second token minted with it is refused too.
    const reused = await tokensFor('kim@example.com', nonce);
    const again = await jsonCall(new TestBrowser(), route('nonced', 'signin/id-token'), { json: { idToken: reused.idToken, nonce, accessToken: reused.accessToken } });
    expect({ status: again.status, code: again.body['code'] }).toEqual({ status: 400, code: 'invalid_nonce' });
    expect(repository.counts()).toEqual(before);
  });
});
