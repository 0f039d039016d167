import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JWTPayload } from 'jose';
import { GoogleOAuth } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository, TestClock } from '@belgie/nestjs-oauth/testing';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { signJwt, signingKey, type TestSigningKey } from '../../libs/oauth/src/testing/signing-keys.spec-support.js';

const TOKEN_URL = 'https://oauth2.googleapis.com/token';
const JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';
const USERINFO_URL = 'https://openidconnect.googleapis.com/v1/userinfo';
const CLIENT_SECRET = 'google-client-secret-value';

interface Grant {
  redirectUri: string;
  challenge: string;
  claims: JWTPayload;
}

/**
 * Google's token, JWKS and userinfo endpoints answered locally with a real RSA key: the module's
 * injected `fetch` is the only thing faked. The authorization endpoint is just the URL the browser
 * would visit; the test reads state/nonce/code_challenge from it and delivers the callback itself.
 */
class FakeGoogle {
  readonly seen: string[] = [];
  readonly tokenRequests: URLSearchParams[] = [];
  private readonly grants = new Map<string, Grant>();
  private counter = 0;

  private constructor(private readonly key: TestSigningKey) {}

  static async create(): Promise<FakeGoogle> {
    return new FakeGoogle(await signingKey('g1'));
  }

  readonly fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    this.seen.push(`${url.origin}${url.pathname}`);
    if (request.url === JWKS_URL) return Response.json(this.key.jwks);
    if (request.url === USERINFO_URL) return Response.json({ error: 'not expected' }, { status: 500 });
    if (request.url === TOKEN_URL && request.method === 'POST') return this.token(new URLSearchParams(await request.text()));
    throw new TypeError('fetch failed');
  }) as typeof fetch;

  /** What Google does when the user approves: remember the request, hand out a code. */
  approve(authorizeUrl: URL, claims: JWTPayload): string {
    const code = `code-${++this.counter}`;
    const nonce = authorizeUrl.searchParams.get('nonce');
    this.grants.set(code, {
      redirectUri: authorizeUrl.searchParams.get('redirect_uri') ?? '',
      challenge: authorizeUrl.searchParams.get('code_challenge') ?? '',
      claims: { iss: 'https://accounts.google.com', aud: 'web-client', ...(nonce ? { nonce } : {}), ...claims },
    });
    return code;
  }

  private async token(body: URLSearchParams): Promise<Response> {
    this.tokenRequests.push(body);
    const grant = this.grants.get(body.get('code') ?? '');
    this.grants.delete(body.get('code') ?? '');
    const verifier = body.get('code_verifier') ?? '';
    const pkceOk = grant !== undefined && createHash('sha256').update(verifier).digest('base64url') === grant.challenge;
    if (!grant || !pkceOk || body.get('client_secret') !== CLIENT_SECRET || body.get('redirect_uri') !== grant.redirectUri) {
      return Response.json({ error: 'invalid_grant' }, { status: 400 });
    }
    const idToken = await signJwt(this.key, grant.claims);
    return Response.json({ access_token: `ya29.${this.counter}`, expires_in: 3599, token_type: 'Bearer', id_token: idToken, refresh_token: '1//rt' });
  }
}

const ENDS = ['/welcome', '/after', '/auth/error', '/'];

describe('GoogleOAuth preset end to end (fake Google endpoints, real module)', () => {
  let google: FakeGoogle;
  let app: TestApp;
  let repository: InMemoryOAuthRepository;

  beforeAll(async () => {
    google = await FakeGoogle.create();
    repository = new InMemoryOAuthRepository();
    app = await startTestApp({
      port: await freePort(),
      repository,
      fetch: google.fetch,
      clock: new TestClock(),
      providers: [GoogleOAuth({ clientId: ['web-client', 'ios-client'], clientSecret: CLIENT_SECRET, hostedDomain: 'example.com' })],
    });
  }, 30_000);

  afterAll(async () => {
    await app?.close();
  });

  async function startSignIn(browser: TestBrowser): Promise<URL> {
    const trace = await browser.follow(`${app.baseUrl}/login/google`, { stopAt: (url) => url.hostname === 'accounts.google.com' });
    if (!trace.stoppedAt) throw new Error('the sign-in did not reach Google');
    return trace.stoppedAt;
  }

  /** Approves at "Google" and delivers the callback with the browser's cookies; returns where it landed. */
  async function finish(browser: TestBrowser, authorizeUrl: URL, claims: JWTPayload, iss?: string): Promise<URL> {
    const callback = new URL(authorizeUrl.searchParams.get('redirect_uri') ?? '');
    callback.searchParams.set('code', google.approve(authorizeUrl, claims));
    callback.searchParams.set('state', authorizeUrl.searchParams.get('state') ?? '');
    if (iss !== undefined) callback.searchParams.set('iss', iss);
    const trace = await browser.follow(callback.href, {
      init: { initiator: 'https://accounts.google.com/' },
      stopAt: (url) => url.origin === app.baseUrl && ENDS.includes(url.pathname),
    });
    if (!trace.stoppedAt) throw new Error(`callback ended with HTTP ${trace.final.status}`);
    return trace.stoppedAt;
  }

  const person = (sub: string, email: string, extra: JWTPayload = {}): JWTPayload => ({
    sub,
    email,
    email_verified: true,
    hd: 'example.com',
    name: 'Ann Example',
    ...extra,
  });

  it('starts without any call to Google and sends the preset defaults', async () => {
    const before = google.seen.length;
    const url = await startSignIn(new TestBrowser());
    expect(google.seen.length).toBe(before);
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'web-client',
      scope: 'openid email profile',
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: 'true',
      hd: 'example.com',
      code_challenge_method: 'S256',
      redirect_uri: `${app.baseUrl}/auth/provider/google/callback`,
    });
    expect(url.searchParams.get('nonce')).toMatch(/.{16,}/);
  });

  it('signs a new person in from the ID token alone (no userinfo call), keyed by sub', async () => {
    const browser = new TestBrowser();
    const landed = await finish(browser, await startSignIn(browser), person('g-100', 'ann@example.com'));
    expect(landed.pathname).toBe('/welcome');
    const lastToken = google.tokenRequests.at(-1);
    expect(lastToken?.get('client_id')).toBe('web-client');
    expect(google.seen).not.toContain(USERINFO_URL);
    const me = JSON.parse((await browser.request(`${app.baseUrl}/me`)).body) as {
      individual: { email: string; emailVerifiedAt: string | null };
      accounts: { provider: string; providerAccountId: string }[];
    };
    expect(me.individual.email).toBe('ann@example.com');
    expect(me.individual.emailVerifiedAt).not.toBeNull();
    expect(me.accounts).toEqual([{ provider: 'google', providerAccountId: 'g-100' }]);
  });

  it('accepts an ID token for the iOS client id and the scheme-less issuer spelling, and both iss parameter spellings', async () => {
    const browser = new TestBrowser();
    const ios = { aud: 'ios-client', azp: 'ios-client', iss: 'accounts.google.com' };
    const first = await finish(browser, await startSignIn(browser), person('g-200', 'bob@example.com', ios), 'accounts.google.com');
    expect(first.pathname).toBe('/welcome');
    const again = await finish(browser, await startSignIn(browser), person('g-200', 'bob@example.com'), 'https://accounts.google.com');
    expect(again.pathname).toBe('/');
  });

  it.each([
    ['a forged ID-token issuer', { iss: 'https://accounts.google.com.evil.example' }, undefined, 'oauth_code_verification_failed'],
    ['an account of another hosted domain', { hd: 'evil.example' }, undefined, 'oauth_code_verification_failed'],
    ['a consumer account (no hd) despite the hd hint', { hd: undefined }, undefined, 'oauth_code_verification_failed'],
    ['an audience that is not ours', { aud: 'other-app' }, undefined, 'oauth_code_verification_failed'],
    ['a forged iss callback parameter', {}, 'https://evil.example', 'issuer_mismatch'],
  ])('rejects %s and stores nothing', async (_label, extra, iss, code) => {
    const before = repository.counts();
    const browser = new TestBrowser();
    const landed = await finish(browser, await startSignIn(browser), person('g-300', 'eve@example.com', extra), iss);
    expect(landed.pathname).toBe('/auth/error');
    expect(landed.searchParams.get('error')).toBe(code);
    expect(repository.counts()).toMatchObject({ individuals: before.individuals, accounts: before.accounts, sessions: before.sessions });
  });

  it('does not link an unverified Google email to an existing individual (account_not_linked)', async () => {
    await repository.createIndividual({ email: 'carol@example.com', emailVerifiedAt: new Date(), name: 'Carol', image: null });
    const browser = new TestBrowser();
    const claims = person('g-400', 'carol@example.com', { email_verified: false });
    const landed = await finish(browser, await startSignIn(browser), claims);
    expect(landed.searchParams.get('error')).toBe('account_not_linked');
    expect(await repository.findAccount('google', 'g-400')).toBeNull();
  });

  it('links a verified Google email to the existing individual', async () => {
    const browser = new TestBrowser();
    const landed = await finish(browser, await startSignIn(browser), person('g-401', 'carol@example.com'));
    expect(landed.pathname).toBe('/');
    const carol = await repository.findIndividualByEmail('carol@example.com');
    expect((await repository.findAccount('google', 'g-401'))?.individualId).toBe(carol?.id);
  });
});
