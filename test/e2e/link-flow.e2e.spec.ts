import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuthProvider, type OAuthProviderDefinition } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';
import { jsonCall, linkViaApp, signInViaApp } from '../helpers/app-session-flows.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import type { RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { appClientOptions, callbackUrl, clientOf as registeredClient, startOpForApp } from '../helpers/real-op-client.js';

/** The OP's automatic interaction signs in as this account when the link flow sends no login hint. */
const OP_DEFAULT_EMAIL = 'alice@example.com';

/**
 * Three provider ids on the same OP: `op` signs in, `work` links with matching emails required,
 * `loose` links with `allowDifferentLinkEmails` (so the "already linked elsewhere" rule is reachable).
 */
function providers(issuer: string): OAuthProviderDefinition[] {
  const common = appClientOptions(issuer);
  return [
    OAuthProvider({ id: 'op', ...common }),
    OAuthProvider({ id: 'work', ...common }),
    OAuthProvider({ id: 'loose', ...common, allowDifferentLinkEmails: true }),
  ];
}

describe('link flow (redirect) through a real OpenID Provider', () => {
  let op: RunningOidcProvider;
  let app: TestApp;
  let repository: InMemoryOAuthRepository;
  let browser: TestBrowser;
  let aliceId: string;

  const clientOf = (id: string) => registeredClient(app, id);

  beforeAll(async () => {
    const port = await freePort();
    op = await startOpForApp(['op', 'work', 'loose'].map((id) => callbackUrl(port, id)));
    repository = new InMemoryOAuthRepository();
    app = await startTestApp({ port, repository, providers: providers(op.issuer) });
    browser = new TestBrowser();
    aliceId = await signInViaApp(browser, app.baseUrl, 'op', OP_DEFAULT_EMAIL);
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await op?.stop();
  });

  it('links a second provider to the individual, creating no session and no individual', async () => {
    const before = repository.counts();
    const landing = await linkViaApp(browser, app.baseUrl, 'work', aliceId);
    expect(landing.error).toBeNull();
    expect(landing.url.pathname).toBe('/linked');
    // A link never signs anyone in: no session row and no session cookie on the callback (which
    // does answer with cookies: it clears the state marker).
    expect(landing.callbackSetCookies.length).toBeGreaterThan(0);
    expect(landing.callbackSetCookies.some((header) => header.startsWith('belgie_session='))).toBe(false);
    expect(repository.counts()).toMatchObject({ individuals: before.individuals, sessions: before.sessions, accounts: before.accounts + 1 });
    const [work] = await clientOf('work').listAccounts(aliceId);
    const [signIn] = await clientOf('op').listAccounts(aliceId);
    expect(work).toMatchObject({ individualId: aliceId, provider: 'work', providerAccountId: signIn?.providerAccountId });
    expect(work?.refreshToken).toBeTruthy();
    // And the linked account is usable through the account routes of the signed-in individual.
    const listed = await jsonCall(browser, `${app.baseUrl}/auth/provider/work/accounts`);
    expect(listed.body['accounts']).toEqual([expect.objectContaining({ provider: 'work', hasAccessToken: true })]);
  });

  it('re-linking the same identity is idempotent and refreshes the stored tokens', async () => {
    const before = await clientOf('work').tokenSet(aliceId, null, { autoRefresh: false });
    const landing = await linkViaApp(browser, app.baseUrl, 'work', aliceId);
    expect(landing.error).toBeNull();
    const accounts = await clientOf('work').listAccounts(aliceId);
    expect(accounts).toHaveLength(1);
    expect(accounts[0]?.accessToken).not.toBe(before.accessToken);
  });

  it('refuses an identity whose email differs from the individual (email_does_not_match)', async () => {
    // A link completes only in the initiator's own signed-in browser, so Bob signs in first.
    const bobBrowser = new TestBrowser();
    const bobId = await signInViaApp(bobBrowser, app.baseUrl, 'op', 'bob@example.com');
    const landing = await linkViaApp(bobBrowser, app.baseUrl, 'work', bobId);
    expect(landing.url.pathname).toBe('/auth/error');
    expect(landing.error).toBe('email_does_not_match');
    expect(await clientOf('work').listAccounts(bobId)).toEqual([]);
  });

  it('refuses an identity already linked to another individual, even where emails may differ', async () => {
    const linked = await linkViaApp(browser, app.baseUrl, 'loose', aliceId);
    expect(linked.error).toBeNull();
    const carolBrowser = new TestBrowser();
    const carolId = await signInViaApp(carolBrowser, app.baseUrl, 'op', 'carol@example.com');
    const landing = await linkViaApp(carolBrowser, app.baseUrl, 'loose', carolId);
    expect(landing.error).toBe('account_already_linked_to_different_user');
    expect(await clientOf('loose').listAccounts(carolId)).toEqual([]);
    expect(await clientOf('loose').listAccounts(aliceId)).toHaveLength(1);
  });

  it('a link for an individual that does not exist fails without side effects', async () => {
    const before = repository.counts();
    // No browser can hold a session of an individual that does not exist: refused before the code exchange.
    const landing = await linkViaApp(browser, app.baseUrl, 'work', 'no-such-individual');
    expect(landing.error).toBe('link_session_mismatch');
    expect(repository.counts()).toMatchObject({ individuals: before.individuals, accounts: before.accounts, sessions: before.sessions });
  });

  it('unlink round trip: the linked provider goes, the sign-in provider stays, a new link restores it', async () => {
    const [work] = await clientOf('work').listAccounts(aliceId);
    const unlinked = await jsonCall(browser, `${app.baseUrl}/auth/provider/work/unlink`, {
      json: { providerAccountId: work?.providerAccountId },
    });
    expect(unlinked.body).toEqual({ status: true, redirect: false });
    expect(await clientOf('work').listAccounts(aliceId)).toEqual([]);
    expect(await clientOf('op').listAccounts(aliceId)).toHaveLength(1);
    const me = await jsonCall(browser, `${app.baseUrl}/me`);
    expect(me.status).toBe(200);
    const landing = await linkViaApp(browser, app.baseUrl, 'work', aliceId);
    expect(landing.error).toBeNull();
    expect(await clientOf('work').listAccounts(aliceId)).toHaveLength(1);
  });
});
