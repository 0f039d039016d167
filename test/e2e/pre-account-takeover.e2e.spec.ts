import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MicrosoftOAuth, OAuthProvider, type OAuthUserInfo } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';
import { jsonCall, signInViaApp } from '../helpers/app-session-flows.js';
import { TestBrowser } from '../helpers/browser.js';
import { TENANT_B, issuerOf, signInWithMicrosoft, startMicrosoftShapedOp, type MicrosoftShapedOp } from '../fixtures/provider-shaped/microsoft-op.js';
import { freePort } from '../helpers/free-port.js';
import type { RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { appClientOptions, callbackUrl, startOpForApp } from '../helpers/real-op-client.js';

/**
 * Pre-account-takeover (issue 11 item 1): an individual created from an UNVERIFIED email must never
 * receive a later verified sign-in of the address's owner by implicit linking, or the first party keeps
 * a session on the owner's accounts (and reads their tokens through `POST .../access-token`).
 * Providers: `op` (the real OP, verified emails), `lax` (the same OP through a profile mapper that vouches
 * for nothing, as a lax provider would) and `microsoft` (multi-tenant preset against the Entra ID-shaped misbehaving OP, whose
 * tenant-controlled `email` / `upn` claims are not proof of ownership).
 */

/** A provider that vouches for no email (the mapper drops `email_verified`). */
function unverifiedProfile(profile: Record<string, unknown>): OAuthUserInfo {
  return {
    providerAccountId: String(profile['sub']),
    email: typeof profile['email'] === 'string' ? profile['email'] : null,
    emailVerified: false,
    name: null,
    image: null,
    raw: profile,
  };
}

describe('pre-account-takeover through an unverified individual', () => {
  let op: RunningOidcProvider;
  let app: TestApp;
  let repository: InMemoryOAuthRepository;
  let microsoft: MicrosoftShapedOp;

  beforeAll(async () => {
    const port = await freePort();
    op = await startOpForApp(['op', 'op2', 'lax'].map((id) => callbackUrl(port, id)));
    microsoft = await startMicrosoftShapedOp('ms-app');
    repository = new InMemoryOAuthRepository();
    const common = appClientOptions(op.issuer);
    app = await startTestApp({
      port,
      repository,
      // Microsoft's hosts are answered by the fake; everything else (the real OP) goes to the network.
      fetch: (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        return url.hostname.endsWith('microsoftonline.com') || url.hostname === 'graph.microsoft.com'
          ? microsoft.fetch(input, init)
          : fetch(input, init);
      },
      providers: [
        OAuthProvider({ id: 'op', ...common }),
        OAuthProvider({ id: 'op2', ...common }),
        OAuthProvider({ id: 'lax', ...common, hooks: { mapProfile: unverifiedProfile } }),
        MicrosoftOAuth({ clientId: 'ms-app', clientType: 'public', tenant: 'common', defaultErrorRedirectUrl: '/auth/error' }),
      ],
    });
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await op?.stop();
    await microsoft?.op.stop();
  });

  async function ownerSignsIn(email: string, provider = 'op'): Promise<{ error: string | null; browser: TestBrowser }> {
    const browser = new TestBrowser();
    const trace = await browser.follow(`${app.baseUrl}/login/${provider}?return_to=/after&login_hint=${encodeURIComponent(email)}`, {
      stopAt: (url) => ['/after', '/welcome', '/auth/error'].includes(url.pathname),
    });
    return { error: trace.stoppedAt?.searchParams.get('error') ?? null, browser };
  }

  it('pre-account-takeover: an unverified sign-up at a lax provider does not receive the owner\'s later verified sign-in (account_not_linked)', async () => {
    const squatter = new TestBrowser();
    const squatterId = await signInViaApp(squatter, app.baseUrl, 'lax', 'owner@example.com');
    expect((await repository.findIndividualById(squatterId))?.emailVerifiedAt).toBeNull();
    const before = repository.counts();

    const owner = await ownerSignsIn('owner@example.com');
    expect(owner.error).toBe('account_not_linked');
    // Nothing of the owner reached the squatter's individual, and no session was made for anyone.
    expect(await repository.listAccounts(squatterId, 'op')).toEqual([]);
    expect(repository.counts()).toMatchObject({ individuals: before.individuals, accounts: before.accounts, sessions: before.sessions });
    const tokens = await jsonCall(squatter, `${app.baseUrl}/auth/provider/op/access-token`, { json: {} });
    expect(tokens.status).toBe(400);
    expect(tokens.body['code']).toBe('oauth_account_not_found');
  });

  it('pre-account-takeover via Microsoft multi-tenant: a tenant-controlled email/upn sign-up does not receive the owner\'s verified sign-in', async () => {
    const email = 'ceo@owner.test';
    const landed = await signInWithMicrosoft(microsoft, new TestBrowser(), app.baseUrl, {
      tid: TENANT_B,
      iss: issuerOf(TENANT_B),
      sub: 'sub-tenant-admin',
      email,
      upn: email,
      preferred_username: email,
      name: 'Not the CEO',
    });
    expect(landed.pathname).toBe('/welcome');
    const squatter = await repository.findIndividualByEmail(email);
    expect(squatter?.emailVerifiedAt).toBeNull();

    const owner = await ownerSignsIn(email);
    expect(owner.error).toBe('account_not_linked');
    expect(await repository.listAccounts(squatter?.id ?? '', 'op')).toEqual([]);
    expect(await jsonCall(owner.browser, `${app.baseUrl}/me`)).toMatchObject({ status: 401 });
  });

  it('implicit linking still joins two verified identities of the same person', async () => {
    const browser = new TestBrowser();
    const id = await signInViaApp(browser, app.baseUrl, 'op2', 'both@example.com');
    expect((await repository.findIndividualById(id))?.emailVerifiedAt).not.toBeNull();
    // The same person through another provider, email verified on both sides: linked into the same individual.
    const again = await ownerSignsIn('both@example.com', 'op');
    expect(again.error).toBeNull();
    expect(await repository.listAccounts(id, 'op')).toHaveLength(1);
    expect(await repository.listAccounts(id, 'op2')).toHaveLength(1);
  });
});
