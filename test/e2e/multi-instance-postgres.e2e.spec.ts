import { expect, it } from '@jest/globals';
import { OAuthError, OAuthProvider, OAuthRepository } from '@belgie/nestjs-oauth';
import { requirePostgres } from '../../libs/oauth-typeorm/src/testing/servers.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import type { RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { startInstancePair, type SharedPostgres } from '../helpers/postgres-apps.js';
import { appClient } from '../helpers/real-op-client.js';
import { describeWhenAvailable } from '../helpers/optional-suite.js';
import { useForSuite } from '../helpers/suite-lifecycle.js';

// Several app instances behind one public URL, one PostgreSQL database, no shared memory.
const postgresServer = await requirePostgres('multi-instance-postgres.e2e');

const atCallback = (url: URL) => url.pathname === '/auth/provider/op/callback';

/** Replays the callback the browser would have sent to the load balancer, to a chosen instance. */
function onInstance(callback: URL, instance: TestApp): string {
  return `${instance.baseUrl.replace(/\/$/, '')}${callback.pathname}${callback.search}`;
}

/**
 * Behind a load balancer both instances share one origin, so the browser sends the same cookies to
 * either; TestBrowser keeps a jar per host:port, so merge both jars by hand.
 */
function sharedCookies(browser: TestBrowser, ...instances: TestApp[]): Record<string, string> {
  const merged = Object.assign({}, ...instances.map((instance) => browser.cookies(instance.baseUrl))) as Record<string, string>;
  return { cookie: Object.entries(merged).map(([name, value]) => `${name}=${value}`).join('; ') };
}

/** A repository whose account upsert first loses a race: someone else links the identity a moment earlier. */
function losingTheLinkRace(inner: OAuthRepository, rival: OAuthRepository): OAuthRepository {
  const intercept = (target: OAuthRepository): OAuthRepository =>
    new Proxy(target, {
      get(object, property, receiver) {
        if (property === 'transaction') {
          return <T>(work: (repository: OAuthRepository) => Promise<T>) =>
            object.transaction((tx) => work(intercept(tx)));
        }
        if (property === 'upsertAccount') {
          return async (...args: Parameters<OAuthRepository['upsertAccount']>) => {
            const [, provider, providerAccountId, tokens] = args;
            const other = await rival.createIndividual({ email: 'rival@example.com', emailVerifiedAt: null, name: null, image: null });
            await rival.upsertAccount(other.id, provider, providerAccountId, tokens);
            return object.upsertAccount(...args);
          };
        }
        return Reflect.get(object, property, receiver) as unknown;
      },
    });
  return intercept(inner);
}

describeWhenAvailable(postgresServer, 'PostgreSQL (TEST_DATABASE_URL or 127.0.0.1:5432)', 'two app instances on one PostgreSQL database', (serverUrl) => {
  let op: RunningOidcProvider;
  let database: SharedPostgres;
  let a: TestApp;
  let b: TestApp;
  let provider: ReturnType<typeof OAuthProvider<'op'>>;

  useForSuite(
    () =>
      startInstancePair(serverUrl, {
        provider: (started) =>
          OAuthProvider({ id: 'op', ...appClient(started.issuer), scopes: ['openid', 'email', 'profile'], defaultErrorRedirectUrl: '/auth/error' }),
      }),
    (pair) => {
      ({ op, database, a, b, provider } = pair);
    },
    60_000,
  );

  it('completes on B a flow started on A, and the session works on both; sign-out on B ends it on A', async () => {
    const browser = new TestBrowser();
    const trace = await browser.follow(`${a.baseUrl}/login/op?login_hint=erin@example.com`, { stopAt: atCallback });
    expect(trace.stoppedAt).not.toBeNull();
    const completed = await browser.request(onInstance(trace.stoppedAt as URL, b), { headers: sharedCookies(browser, a) });
    expect(completed.status).toBe(302);
    expect(completed.location).not.toContain('error=');
    expect(new URL(completed.location ?? '').pathname).toBe('/welcome');
    const sessionFromB = sharedCookies(browser, b);
    expect((await browser.request(`${a.baseUrl}/me`, { headers: sessionFromB })).status).toBe(200);
    expect((await browser.request(`${b.baseUrl}/me`, { headers: sessionFromB })).status).toBe(200);
    const signOut = await browser.request(`${b.baseUrl}/auth/sign-out`, { method: 'POST', headers: sessionFromB });
    expect(signOut.status).toBe(302);
    expect((await browser.request(`${a.baseUrl}/me`, { headers: sessionFromB })).status).toBe(401);
  });

  it('lets exactly one of 10 parallel deliveries of the same callback succeed, with one token request', async () => {
    await op.resetCounters();
    const browser = new TestBrowser();
    const before = { individuals: await database.count('individuals'), sessions: await database.count('sessions') };
    const trace = await browser.follow(`${a.baseUrl}/login/op?login_hint=frank@example.com`, { stopAt: atCallback });
    const callback = trace.stoppedAt as URL;
    const cookie = Object.entries(browser.cookies(a.baseUrl)).map(([name, value]) => `${name}=${value}`).join('; ');
    const deliveries = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        fetch(onInstance(callback, index % 2 === 0 ? a : b), { headers: { cookie }, redirect: 'manual' }),
      ),
    );
    const targets = deliveries.map((response) => new URL(response.headers.get('location') ?? '', a.baseUrl));
    expect(targets.filter((url) => url.pathname === '/welcome')).toHaveLength(1);
    expect(targets.filter((url) => url.searchParams.get('error') === 'state_not_found')).toHaveLength(9);
    const counters = await op.counters();
    expect(counters['token:authorization_code']).toBe(1);
    expect(await database.count('individuals')).toBe(before.individuals + 1);
    expect(await database.count('sessions')).toBe(before.sessions + 1);
    expect(await database.count('oauth_states')).toBe(0);
  });

  it('leaves nothing of a sign-in whose account write loses a race (atomic sign-in)', async () => {
    const port = await freePort();
    const rival = await database.repository();
    const racing = await startTestApp({
      port,
      providers: [provider],
      repository: losingTheLinkRace(await database.repository(), rival),
      baseUrl: a.baseUrl,
    });
    try {
      const browser = new TestBrowser();
      const trace = await browser.follow(`${a.baseUrl}/login/op?login_hint=grace@example.com`, { stopAt: atCallback });
      const before = {
        individuals: await database.count('individuals'),
        sessions: await database.count('sessions'),
        accounts: await database.count('oauth_accounts'),
      };
      const response = await browser.request(onInstance(trace.stoppedAt as URL, racing), { headers: sharedCookies(browser, a) });
      expect(new URL(response.location ?? '', a.baseUrl).searchParams.get('error')).toBe('account_already_linked_to_different_user');
      // Only the rival's individual and account exist: no orphan individual, no session for grace.
      expect(await database.count('individuals')).toBe(before.individuals + 1);
      expect(await database.count('oauth_accounts')).toBe(before.accounts + 1);
      expect(await database.count('sessions')).toBe(before.sessions);
      expect(await rival.findIndividualByEmail('grace@example.com')).toBeNull();
      expect(response.setCookies.some((header) => header.startsWith('belgie_session='))).toBe(false);
    } finally {
      await racing.close();
    }
  });

  it('reports the unique conflict as the coded error', async () => {
    const repository = await database.repository();
    const one = await repository.createIndividual({ email: 'h1@example.com', emailVerifiedAt: null, name: null, image: null });
    const two = await repository.createIndividual({ email: 'h2@example.com', emailVerifiedAt: null, name: null, image: null });
    const tokens = { accessToken: 'a', refreshToken: null, idToken: null, accessTokenExpiresAt: null, refreshTokenExpiresAt: null, scope: null, tokenType: null };
    await repository.upsertAccount(one.id, 'op', 'same-subject', tokens);
    await expect(repository.upsertAccount(two.id, 'op', 'same-subject', tokens)).rejects.toMatchObject({
      code: 'account_already_linked_to_different_user',
    });
    await expect(repository.upsertAccount(two.id, 'op', 'same-subject', tokens)).rejects.toBeInstanceOf(OAuthError);
  });
});
