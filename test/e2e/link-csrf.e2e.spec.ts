import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuthProvider } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';
import { signInViaApp } from '../helpers/app-session-flows.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import type { RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import { TEST_PLATFORMS, startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { appClientOptions, callbackUrl, startOpForApp } from '../helpers/real-op-client.js';

/**
 * Link CSRF (issue 11 item 4): a link flow's callback completes only in a browser whose session belongs
 * to the individual who started it; anywhere else it ends on `link_session_mismatch` with nothing linked.
 * `loose` links accounts with any email, so the email rule cannot hide the session check.
 */
describe.each(TEST_PLATFORMS)('link flows are bound to the initiator\'s session (%s)', (platform) => {
  let op: RunningOidcProvider;
  let app: TestApp;
  let repository: InMemoryOAuthRepository;
  let initiator: TestBrowser;
  let initiatorId: string;

  beforeAll(async () => {
    const port = await freePort();
    op = await startOpForApp(['op', 'loose'].map((id) => callbackUrl(port, id)));
    repository = new InMemoryOAuthRepository();
    const common = appClientOptions(op.issuer);
    app = await startTestApp({
      port,
      platform,
      repository,
      providers: [OAuthProvider({ id: 'op', ...common }), OAuthProvider({ id: 'loose', ...common, allowDifferentLinkEmails: true })],
    });
    initiator = new TestBrowser();
    initiatorId = await signInViaApp(initiator, app.baseUrl, 'op', 'initiator@example.com');
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await op?.stop();
  });

  /** Runs a link flow from `path` in `browser`, signing in at the OP as `email`; returns the error code or null. */
  async function link(browser: TestBrowser, path: string, email: string): Promise<string | null> {
    const url = `${app.baseUrl}${path}&return_to=/linked&login_hint=${encodeURIComponent(email)}`;
    const trace = await browser.follow(url, { stopAt: (next) => ['/linked', '/auth/error'].includes(next.pathname) });
    if (trace.stoppedAt === null) throw new Error(`the link flow ended with HTTP ${trace.final.status}`);
    return trace.stoppedAt.pathname === '/auth/error' ? trace.stoppedAt.searchParams.get('error') : null;
  }

  /** The initiator's link start URL, as an attacker would pass it around. */
  async function initiatorsStartUrl(email: string): Promise<string> {
    const login = await initiator.request(`${app.baseUrl}/login/loose?link_as=${initiatorId}&login_hint=${encodeURIComponent(email)}&return_to=/linked`);
    return login.location ?? '';
  }

  async function landing(browser: TestBrowser, url: string): Promise<string | null> {
    const trace = await browser.follow(url, { stopAt: (next) => ['/linked', '/auth/error'].includes(next.pathname) });
    return trace.stoppedAt?.searchParams.get('error') ?? null;
  }

  it('link CSRF: the initiator\'s link start URL opened in another signed-in browser links nothing (link_session_mismatch)', async () => {
    const victim = new TestBrowser();
    const victimId = await signInViaApp(victim, app.baseUrl, 'op', 'victim@example.com');
    const before = repository.counts();
    expect(await landing(victim, await initiatorsStartUrl('victim@example.com'))).toBe('link_session_mismatch');
    expect(await repository.listAccounts(initiatorId, 'loose')).toEqual([]);
    expect(await repository.listAccounts(victimId, 'loose')).toEqual([]);
    expect(repository.counts()).toMatchObject({ accounts: before.accounts, sessions: before.sessions, individuals: before.individuals });
  });

  it('link CSRF: the same start URL in a signed-out browser links nothing and signs no one in', async () => {
    const stranger = new TestBrowser();
    const before = repository.counts();
    expect(await landing(stranger, await initiatorsStartUrl('stranger@example.com'))).toBe('link_session_mismatch');
    expect(await repository.listAccounts(initiatorId, 'loose')).toEqual([]);
    expect(repository.counts()).toMatchObject({ accounts: before.accounts, sessions: before.sessions });
    expect((await stranger.request(`${app.baseUrl}/me`)).status).toBe(401);
  });

  it('the initiator\'s own browser completes the link, through the start URL and through the one-hop start', async () => {
    expect(await link(initiator, `/login/loose?link_as=${initiatorId}`, 'first-link@example.com')).toBeNull();
    expect(await link(initiator, `/go/loose?link_as=${initiatorId}`, 'second-link@example.com')).toBeNull();
    expect(await repository.listAccounts(initiatorId, 'loose')).toHaveLength(2);
  });
});
