import { expect, it } from '@jest/globals';
import { getOAuthClientToken, OAuthProvider, type OAuthClient } from '@belgie/nestjs-oauth';
import { TestClock } from '@belgie/nestjs-oauth/testing';
import { requirePostgres } from '../../libs/oauth-typeorm/src/testing/servers.js';
import { TestBrowser } from '../helpers/browser.js';
import type { TestApp } from '../helpers/oauth-test-app.js';
import type { RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import { startInstancePair } from '../helpers/postgres-apps.js';
import { appClient } from '../helpers/real-op-client.js';
import { describeWhenAvailable } from '../helpers/optional-suite.js';
import { useForSuite } from '../helpers/suite-lifecycle.js';

// Two instances, one PostgreSQL database, rotating refresh tokens: however many callers on however
// many instances ask for an expired token, the provider sees exactly one refresh (port-decisions).
const postgresServer = await requirePostgres('refresh-multi-instance-postgres.e2e');

const ACCESS_TOKEN_TTL_S = 60;

describeWhenAvailable(postgresServer, 'PostgreSQL (TEST_DATABASE_URL or 127.0.0.1:5432)', 'refresh de-duplication across two instances on PostgreSQL', (serverUrl) => {
  let op: RunningOidcProvider;
  let a: TestApp;
  let b: TestApp;
  const clocks = [new TestClock(), new TestClock()] as const;

  useForSuite(
    () =>
      startInstancePair(serverUrl, {
        op: { accessTokenTtl: ACCESS_TOKEN_TTL_S, rotateRefreshToken: true },
        provider: (started) =>
          OAuthProvider({ id: 'op', ...appClient(started.issuer), scopes: ['openid', 'email', 'profile', 'offline_access'], encryptTokens: true }),
        clocks,
      }),
    (pair) => {
      ({ op, a, b } = pair);
    },
    60_000,
  );

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
