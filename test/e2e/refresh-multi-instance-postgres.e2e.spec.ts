import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getOAuthClientToken, OAuthProvider, type OAuthClient } from '@belgie/nestjs-oauth';
import { TestClock } from '@belgie/nestjs-oauth/testing';
import { requirePostgres } from '../../apps/demo/src/persistence/testing/postgres.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { startOidcProvider, type RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { SharedPostgres } from '../helpers/postgres-apps.js';

// Two instances, one PostgreSQL database, rotating refresh tokens: however many callers on however
// many instances ask for an expired token, the provider sees exactly one refresh (port-decisions).
const postgresServer = await requirePostgres('refresh-multi-instance-postgres.e2e');

const ACCESS_TOKEN_TTL_S = 60;

if (postgresServer !== null) {
  describe('refresh de-duplication across two instances on PostgreSQL', () => {
    let op: RunningOidcProvider;
    let database: SharedPostgres;
    let a: TestApp;
    let b: TestApp;
    const clocks = [new TestClock(), new TestClock()] as const;

    beforeAll(async () => {
      const [portA, portB] = [await freePort(), await freePort()];
      const publicUrl = `http://127.0.0.1:${portA}`;
      op = await startOidcProvider({
        clients: [{ client_id: 'app', client_secret: 'app-secret-value', redirect_uris: [`${publicUrl}/auth/provider/op/callback`] }],
        accessTokenTtl: ACCESS_TOKEN_TTL_S,
        rotateRefreshToken: true,
      });
      database = await SharedPostgres.create(postgresServer);
      const provider = OAuthProvider({
        id: 'op',
        discoveryUrl: `${op.issuer}/.well-known/openid-configuration`,
        clientId: 'app',
        clientSecret: 'app-secret-value',
        scopes: ['openid', 'email', 'profile', 'offline_access'],
        encryptTokens: true,
      });
      a = await startTestApp({ port: portA, providers: [provider], repository: await database.repository(), clock: clocks[0] });
      b = await startTestApp({ port: portB, providers: [provider], repository: await database.repository(), clock: clocks[1], baseUrl: publicUrl });
    }, 60_000);

    afterAll(async () => {
      await a?.close();
      await b?.close();
      await database?.close();
      await op?.stop();
    });

    it('50 concurrent getAccessToken calls over two instances: one refresh at the provider, 50 identical new tokens', async () => {
      const browser = new TestBrowser();
      const trace = await browser.follow(`${a.baseUrl}/login/op?login_hint=ivy@example.com`, {
        stopAt: (url) => ['/welcome', '/', '/auth/error'].includes(url.pathname) && url.origin === a.baseUrl,
      });
      expect(trace.stoppedAt?.pathname).toBe('/welcome');
      const clientA = a.app.get<OAuthClient<'op'>>(getOAuthClientToken('op'));
      const clientB = b.app.get<OAuthClient<'op'>>(getOAuthClientToken('op'));
      const individual = await a.repository.findIndividualByEmail('ivy@example.com');
      const individualId = individual?.id ?? '';
      const before = await clientA.tokenSet(individualId, null, { autoRefresh: false });
      await op.resetCounters();

      // 40 s later the 60 s token is inside the 30 s refresh window on both instances.
      for (const clock of clocks) clock.advance(40_000);
      const tokens = await Promise.all(
        Array.from({ length: 50 }, (_, index) => (index % 2 === 0 ? clientA : clientB).getAccessToken(individualId)),
      );

      const counters = await op.counters();
      expect(counters['token:refresh_token']).toBe(1);
      expect(new Set(tokens).size).toBe(1);
      expect(tokens[0]).not.toBe(before.accessToken);
      const after = await clientB.tokenSet(individualId, null, { autoRefresh: false });
      expect(after.accessToken).toBe(tokens[0]);
      // Rotation happened exactly once and was stored: the new refresh token replaced the old one.
      expect(after.refreshToken).not.toBe(before.refreshToken);
    });
  });
}
