import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { OAuthProvider, OAuthRefreshError, type OAuthProviderDefinition } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';
import { jsonCall, signInViaApp } from '../helpers/app-session-flows.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { opDiscovery, revokeAtOp } from '../helpers/op-direct-tokens.js';
import type { RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { APP_CLIENT_ID, APP_CLIENT_SECRET, appClientOptions, callbackUrl, clientOf, startOpForApp } from '../helpers/real-op-client.js';

const ACCESS_TOKEN_TTL_S = 2;
const CALLERS = 50;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function provider(issuer: string): OAuthProviderDefinition {
  return OAuthProvider({ id: 'op', ...appClientOptions(issuer), encryptTokens: true });
}

async function refreshGrants(op: RunningOidcProvider): Promise<number> {
  return (await op.counters())['token:refresh_token'] ?? 0;
}

/**
 * Two Nest apps on one shared InMemoryOAuthRepository stand in for two server instances on one
 * database: the refresh lease lives in the repository, the single-flight map in each process.
 */
describe('refresh de-duplication against a real OP with short-lived tokens and rotating refresh tokens', () => {
  let op: RunningOidcProvider;
  let repository: InMemoryOAuthRepository;
  let appA: TestApp;
  let appB: TestApp;
  let browser: TestBrowser;
  let kimId: string;
  let userinfoEndpoint: string;

  beforeAll(async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    op = await startOpForApp([portA, portB].map((port) => callbackUrl(port)), {
      accessTokenTtl: ACCESS_TOKEN_TTL_S,
      rotateRefreshToken: true,
    });
    repository = new InMemoryOAuthRepository();
    appA = await startTestApp({ port: portA, repository, providers: [provider(op.issuer)] });
    appB = await startTestApp({ port: portB, repository, providers: [provider(op.issuer)] });
    browser = new TestBrowser();
    kimId = await signInViaApp(browser, appA.baseUrl, 'op', 'kim@example.com');
    userinfoEndpoint = (await opDiscovery(op.issuer)).userinfo_endpoint;
  }, 30_000);

  afterAll(async () => {
    await appA?.close();
    await appB?.close();
    await op?.stop();
  });

  async function acceptedByOp(accessToken: string): Promise<boolean> {
    const response = await fetch(userinfoEndpoint, { headers: { authorization: `Bearer ${accessToken}` } });
    await response.arrayBuffer();
    return response.ok;
  }

  it(`${CALLERS} concurrent getAccessToken calls in one instance after expiry: exactly one refresh, one new token`, async () => {
    const client = clientOf(appA);
    const original = await client.tokenSet(kimId, null, { autoRefresh: false });
    await sleep(ACCESS_TOKEN_TTL_S * 1000 + 500);
    expect(original.accessTokenExpiresAt?.getTime()).toBeLessThan(Date.now());
    await op.resetCounters();
    const results = await Promise.all(Array.from({ length: CALLERS }, () => client.getAccessToken(kimId)));
    expect(await refreshGrants(op)).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(results[0]).not.toBe(original.accessToken);
    expect(await acceptedByOp(results[0] ?? '')).toBe(true);
    const stored = await client.tokenSet(kimId, null, { autoRefresh: false });
    expect(stored.accessToken).toBe(results[0]);
    expect(stored.refreshToken).not.toBe(original.refreshToken);
  });

  it(`${CALLERS} concurrent calls split over TWO app instances sharing one repository: exactly one refresh`, async () => {
    const [clientA, clientB] = [clientOf(appA), clientOf(appB)];
    const before = await clientA.tokenSet(kimId, null, { autoRefresh: false });
    const [account] = await repository.listAccounts(kimId, 'op');
    const leases = jest.spyOn(repository, 'acquireRefreshLease');
    await sleep(ACCESS_TOKEN_TTL_S * 1000 + 500);
    await op.resetCounters();
    try {
      const results = await Promise.all(
        Array.from({ length: CALLERS }, (_, i) => (i % 2 === 0 ? clientA : clientB).getAccessToken(kimId)),
      );
      expect(await refreshGrants(op)).toBe(1);
      expect(new Set(results).size).toBe(1);
      expect(results[0]).not.toBe(before.accessToken);
      expect(await acceptedByOp(results[0] ?? '')).toBe(true);
      // The lease arbitrated between the instances: one took it, the other was refused and waited.
      const outcomes = await Promise.all(leases.mock.results.map((result) => result.value));
      expect(outcomes).toContain(true);
      expect(outcomes).toContain(false);
      expect(repository.refreshLeaseOf(account?.id ?? '')).toBeNull();
    } finally {
      leases.mockRestore();
    }
  });

  it('the HTTP routes on both instances never refresh the same token twice', async () => {
    await sleep(ACCESS_TOKEN_TTL_S * 1000 + 500);
    await op.resetCounters();
    // The session lives in the shared repository, so the same cookie is valid on both instances.
    const cookie = `belgie_session=${browser.cookies(appA.baseUrl)['belgie_session'] ?? ''}`;
    const calls = Array.from({ length: 10 }, (_, i) =>
      jsonCall(browser, `${i % 2 === 0 ? appA.baseUrl : appB.baseUrl}/auth/provider/op/access-token`, { json: {}, headers: { cookie } }),
    );
    const results = await Promise.all(calls);
    // With rotation, a duplicate refresh would present an already-rotated refresh token: the OP
    // answers invalid_grant (and revokes the grant). All calls succeed, and every refresh the OP
    // saw produced a distinct token. (HTTP requests arrive spread out, and a 2 s token is always
    // inside the 30 s refresh window, so a late request may legitimately start the next refresh.)
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => 200));
    const distinct = new Set(results.map((r) => r.body['accessToken']));
    expect(await refreshGrants(op)).toBe(distinct.size);
    expect(distinct.size).toBeGreaterThanOrEqual(1);
  });

  it('a revoked refresh token surfaces as OAuthRefreshError(reauthentication_required), on the client and the route', async () => {
    const client = clientOf(appA);
    const current = await client.tokenSet(kimId, null, { autoRefresh: false });
    expect(await revokeAtOp(op.issuer, APP_CLIENT_ID, APP_CLIENT_SECRET, current.refreshToken ?? '')).toBe(200);
    const error = await client.refreshAccount(kimId).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(OAuthRefreshError);
    expect(error).toMatchObject({ code: 'refresh_failed', kind: 'reauthentication_required', requiresReauthentication: true });
    const route = await jsonCall(browser, `${appA.baseUrl}/auth/provider/op/refresh-token`, { json: {} });
    expect(route.status).toBe(400);
    expect(route.body['code']).toBe('refresh_failed');
    // Nothing was overwritten by the failed attempts.
    expect((await client.tokenSet(kimId, null, { autoRefresh: false })).refreshToken).toBe(current.refreshToken);
  });

  it('a rotated-away refresh token (stale copy written back) also requires re-authentication', async () => {
    const lenaBrowser = new TestBrowser();
    const lenaId = await signInViaApp(lenaBrowser, appA.baseUrl, 'op', 'lena@example.com');
    const client = clientOf(appA);
    const first = await client.tokenSet(lenaId, null, { autoRefresh: false });
    const rotated = await client.refreshAccount(lenaId);
    expect(rotated.refreshToken).not.toBe(first.refreshToken);
    // Simulate a stale writer: the consumed refresh token goes back into the store (plaintext is
    // still readable with encryption on: migration compatibility).
    const [account] = await repository.listAccounts(lenaId, 'op');
    await repository.updateAccountTokens(account?.id ?? '', {
      accessToken: null,
      refreshToken: first.refreshToken,
      idToken: null,
      accessTokenExpiresAt: null,
      refreshTokenExpiresAt: null,
      scope: null,
      tokenType: null,
    });
    await expect(client.getAccessToken(lenaId)).rejects.toMatchObject({ name: 'OAuthRefreshError', kind: 'reauthentication_required' });
  });
});
