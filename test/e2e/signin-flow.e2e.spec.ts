import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuthProvider, type ResponseMode, type StateStrategy } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import type { RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import {
  TEST_PLATFORMS,
  TEST_REGISTRATIONS,
  startTestApp,
  type TestApp,
  type TestPlatform,
  type TestRegistration,
} from '../helpers/oauth-test-app.js';
import { appClientOptions, callbackUrl, startOpForApp } from '../helpers/real-op-client.js';

const FLOWS: [StateStrategy, ResponseMode][] = [
  ['adapter', 'query'],
  ['adapter', 'form_post'],
  ['cookie', 'query'],
  ['cookie', 'form_post'],
];
// Every flow on Express and on Fastify (form_post needs the urlencoded parser: @fastify/formbody),
// registered with forRoot and with forRootAsync (every value, credentials included, from ConfigService).
const MATRIX: [TestPlatform, TestRegistration, StateStrategy, ResponseMode][] = TEST_PLATFORMS.flatMap((platform) =>
  TEST_REGISTRATIONS.flatMap((registration) =>
    FLOWS.map(([stateStrategy, responseMode]): [TestPlatform, TestRegistration, StateStrategy, ResponseMode] => [
      platform,
      registration,
      stateStrategy,
      responseMode,
    ]),
  ),
);

const landed = (paths: string[]) => (url: URL) => paths.includes(url.pathname);

describe.each(MATRIX)('sign-in through a real OpenID Provider on %s with %s (state %s, response mode %s)', (platform, registration, stateStrategy, responseMode) => {
  let op: RunningOidcProvider;
  let app: TestApp;
  let repository: InMemoryOAuthRepository;

  beforeAll(async () => {
    const port = await freePort();
    op = await startOpForApp([callbackUrl(port)]);
    repository = new InMemoryOAuthRepository();
    const options = { ...appClientOptions(op.issuer), stateStrategy, responseMode, encryptTokens: true };
    app = await startTestApp({
      port,
      platform,
      repository,
      providers:
        registration === 'forRoot'
          ? [OAuthProvider({ id: 'op', ...options })]
          : { op: options },
    });
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await op?.stop();
  });

  it('signs a new person in: individual, account and session stored, new-user redirect, iss checked', async () => {
    const browser = new TestBrowser();
    const trace = await browser.follow(`${app.baseUrl}/login/op?return_to=/after&login_hint=carol@example.com`, {
      stopAt: landed(['/welcome', '/after', '/auth/error']),
    });
    expect(trace.stoppedAt?.pathname).toBe('/welcome');
    const callbackHop = trace.hops.find((hop) => hop.url.includes('/auth/provider/op/callback'));
    expect(callbackHop).toBeDefined();
    // RFC 9207: the provider put `iss` in the authorization response and we accepted it.
    const authorizationResponse = trace.hops.find((hop) => hop.location?.includes('/auth/provider/op/callback'));
    if (responseMode === 'query') expect(authorizationResponse?.location).toContain('iss=');
    const me = await browser.request(`${app.baseUrl}/me`);
    expect(me.status).toBe(200);
    const body = JSON.parse(me.body) as { individual: { email: string }; accounts: { provider: string }[] };
    expect(body.individual.email).toBe('carol@example.com');
    expect(body.accounts).toEqual([expect.objectContaining({ provider: 'op' })]);
    expect(repository.counts()).toMatchObject({ individuals: 1, accounts: 1, sessions: 1, states: 0 });
  });

  it('signs a returning person in to the return_to target, tokens encrypted at rest', async () => {
    const browser = new TestBrowser();
    const trace = await browser.follow(`${app.baseUrl}/login/op?return_to=/after&login_hint=carol@example.com`, {
      stopAt: landed(['/welcome', '/after', '/auth/error']),
    });
    expect(trace.stoppedAt?.pathname).toBe('/after');
    expect(repository.counts()).toMatchObject({ individuals: 1, accounts: 1, sessions: 2 });
    const individual = await repository.findIndividualByEmail('CAROL@example.com');
    const [account] = await repository.listAccounts(individual?.id ?? '', 'op');
    expect(account?.accessToken?.startsWith('enc:v2:')).toBe(true);
    expect(account?.refreshToken?.startsWith('enc:v2:')).toBe(true);
  });

  it('sends no-store and no-referrer on the callback and never puts the code in a Location', async () => {
    const browser = new TestBrowser();
    const trace = await browser.follow(`${app.baseUrl}/login/op?login_hint=dave@example.com`, {
      stopAt: (url) => url.pathname === '/auth/provider/op/callback',
    });
    const callbackUrl = trace.stoppedAt?.href ?? '';
    const response = trace.pendingForm
      ? await browser.request(trace.pendingForm.url, { method: 'POST', form: trace.pendingForm.fields })
      : await browser.request(callbackUrl);
    expect(response.status).toBe(302);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(new URL(response.location ?? '', app.baseUrl).pathname).toBe('/welcome');
    expect(response.location).not.toMatch(/code=|access_token|id_token/);
  });
});
