import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GitHubOAuth } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository, TestClock } from '@belgie/nestjs-oauth/testing';
import { startGitHubShapedOp, type GitHubShapedOp } from '../fixtures/provider-shaped/github-op.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { LogCapture } from '../helpers/log-capture.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { clientOf } from '../helpers/real-op-client.js';

const CLIENT_ID = 'Iv1.github-e2e';
const CLIENT_SECRET = 'github-e2e-client-secret-0123456789';
const ENDS = ['/welcome', '/', '/auth/error'];

describe('GitHubOAuth end to end (a GitHub-shaped OP, GitHub Enterprise Server URL layout)', () => {
  const clock = new TestClock();
  const logs = new LogCapture();
  let github: GitHubShapedOp;
  let app: TestApp;
  let repository: InMemoryOAuthRepository;

  beforeAll(async () => {
    github = await startGitHubShapedOp(CLIENT_ID, CLIENT_SECRET, () => clock.now());
    repository = new InMemoryOAuthRepository();
    app = await startTestApp({
      port: await freePort(),
      repository,
      clock,
      providers: [
        GitHubOAuth({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, enterpriseUrl: github.enterpriseUrl, defaultErrorRedirectUrl: '/auth/error' }),
      ],
    });
    app.app.useLogger(logs);
  }, 30_000);

  beforeEach(() => {
    github.op.reset();
    github.op.script(github.script());
    logs.clear();
  });

  afterAll(async () => {
    await app?.close();
    await github?.op.stop();
  });

  async function signIn(browser: TestBrowser, loginHint: string): Promise<URL> {
    const trace = await browser.follow(`${app.baseUrl}/login/github?login_hint=${encodeURIComponent(loginHint)}`, {
      stopAt: (url) => url.origin === app.baseUrl && ENDS.includes(url.pathname),
    });
    if (!trace.stoppedAt) throw new Error(`the sign-in ended with HTTP ${trace.final.status}`);
    return trace.stoppedAt;
  }

  it('signs a new person in with the account keyed by the numeric id and the verified primary email', async () => {
    github.people.set('mona', { id: 583231, login: 'mona', publicEmail: null, emails: [{ email: 'mona@example.com', primary: true, verified: true }] });
    const landed = await signIn(new TestBrowser(), 'mona');
    expect(landed.pathname).toBe('/welcome');
    const account = await repository.findAccount('github', '583231');
    expect(account).not.toBeNull();
    expect(account?.scope).toBe('read:user user:email');
    const individual = await repository.findIndividualByEmail('mona@example.com');
    expect(individual?.emailVerifiedAt).not.toBeNull();
    expect(individual?.name).toBe('mona');
    // GitHub's layout: authorize + token on the web root, the profile on the REST API with GitHub's headers.
    const user = github.op.requests.find((request) => request.endpoint === 'userinfo');
    expect(user?.headers['x-github-api-version']).toBe('2022-11-28');
    expect(github.op.extraRequests.map((request) => request.url.pathname)).toEqual(['/api/v3/user/emails']);
  });

  it('GitHub account keyed by numeric id: a renamed login signs in to the same account', async () => {
    github.people.set('hubot', { id: 2, login: 'hubot', publicEmail: null, emails: [{ email: 'hubot@example.com', primary: true, verified: true }] });
    expect((await signIn(new TestBrowser(), 'hubot')).pathname).toBe('/welcome');
    github.people.set('hubot', { id: 2, login: 'hubot-renamed', publicEmail: null, emails: [{ email: 'hubot@example.com', primary: true, verified: true }] });
    expect((await signIn(new TestBrowser(), 'hubot')).pathname).toBe('/');
    expect(repository.counts().accounts).toBeGreaterThan(0);
    expect((await repository.listAccounts((await repository.findIndividualByEmail('hubot@example.com'))?.id ?? '', 'github')).length).toBe(1);
  });

  it('GitHub public profile email is not trusted: it never links an attacker to the individual who owns it', async () => {
    const victim = await repository.createIndividual({ email: 'victim@example.com', emailVerifiedAt: new Date(), name: 'Victim', image: null });
    const before = repository.counts();
    // No /user/emails access: only the public profile text names the victim's address.
    github.people.set('mallory', { id: 666, login: 'mallory', publicEmail: 'victim@example.com', emails: null });
    const landed = await signIn(new TestBrowser(), 'mallory');
    expect(landed.pathname).toBe('/auth/error');
    expect(landed.searchParams.get('error')).toBe('account_not_linked');
    expect(await repository.findAccount('github', '666')).toBeNull();
    expect(repository.counts()).toMatchObject({ individuals: before.individuals, accounts: before.accounts, sessions: before.sessions });
    expect(await repository.listAccounts(victim.id, 'github')).toEqual([]);
  });

  it('GitHub 200 response with error is an error: the callback fails cleanly and stores nothing', async () => {
    github.people.set('eve', { id: 700, login: 'eve', publicEmail: null, emails: [{ email: 'eve@example.com', primary: true, verified: true }] });
    github.op.script({ respond: { token: () => ({ kind: 'json', status: 200, body: { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' } }) } });
    const before = repository.counts();
    const landed = await signIn(new TestBrowser(), 'eve');
    expect(landed.searchParams.get('error')).toBe('oauth_code_verification_failed');
    expect(repository.counts()).toMatchObject({ individuals: before.individuals, accounts: before.accounts, sessions: before.sessions });
    expect(logs.lines.map((line) => line.text).join('\n')).not.toContain(CLIENT_SECRET);
  });

  it('GitHub App expiring user tokens are refreshed with the refresh token when they expire', async () => {
    github.op.script(github.script({ expiring: true }));
    github.people.set('octo', { id: 9919, login: 'octo', publicEmail: null, emails: [{ email: 'octo@example.com', primary: true, verified: true }] });
    expect((await signIn(new TestBrowser(), 'octo')).pathname).toBe('/welcome');
    const individualId = (await repository.findIndividualByEmail('octo@example.com'))?.id ?? '';
    const client = clientOf(app, 'github');
    const first = await client.getAccessToken(individualId);
    clock.advance(8 * 3600 * 1000);
    const second = await client.getAccessToken(individualId);
    expect(second).not.toBe(first);
    expect(github.op.requests.filter((request) => request.token?.grantType === 'refresh_token')).toHaveLength(1);
  });
});
