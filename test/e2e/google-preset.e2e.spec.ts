import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GoogleOAuth } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository, TestClock } from '@belgie/nestjs-oauth/testing';
import { GOOGLE_ISSUER, startGoogleShapedOp, type GoogleShapedOp } from '../fixtures/provider-shaped/google-op.js';
import { TestBrowser } from '../helpers/browser.js';
import { deliverCallback } from '../helpers/provider-callback.js';
import { freePort } from '../helpers/free-port.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';

const CLIENT_SECRET = 'google-client-secret-value';
const ENDS = ['/welcome', '/after', '/auth/error', '/'];

type Claims = Record<string, unknown>;

describe('GoogleOAuth preset end to end (a Google-shaped OP behind the network edge, real module)', () => {
  let google: GoogleShapedOp;
  let app: TestApp;
  let repository: InMemoryOAuthRepository;

  beforeAll(async () => {
    google = await startGoogleShapedOp('web-client', CLIENT_SECRET);
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
    await google?.op.stop();
  });

  async function startSignIn(browser: TestBrowser): Promise<URL> {
    const trace = await browser.follow(`${app.baseUrl}/login/google`, { stopAt: (url) => url.hostname === 'accounts.google.com' });
    if (!trace.stoppedAt) throw new Error('the sign-in did not reach Google');
    return trace.stoppedAt;
  }

  /** Approves at "Google" and delivers the callback with the browser's cookies; returns where it landed. */
  function finish(browser: TestBrowser, authorizeUrl: URL, claims: Claims, iss?: string): Promise<URL> {
    return deliverCallback(browser, authorizeUrl, google.approve(authorizeUrl, claims), { baseUrl: app.baseUrl, ends: ENDS, from: `${GOOGLE_ISSUER}/`, iss });
  }

  const person = (sub: string, email: string, extra: Claims = {}): Claims => ({
    sub,
    email,
    email_verified: true,
    hd: 'example.com',
    name: 'Ann Example',
    ...extra,
  });

  it('starts without any call to Google and sends the preset defaults', async () => {
    const before = google.op.requests.length;
    const url = await startSignIn(new TestBrowser());
    expect(google.op.requests.length).toBe(before);
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
    const lastToken = google.op.tokenRequests().at(-1);
    expect(lastToken?.get('client_id')).toBe('web-client');
    expect(lastToken?.get('client_secret')).toBe(CLIENT_SECRET);
    expect(google.op.calls.userinfo).toBe(0);
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
