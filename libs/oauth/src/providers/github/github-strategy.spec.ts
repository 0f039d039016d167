import { describe, expect, it } from '@jest/globals';
import type { OAuthTokenSet } from '../../transport/token-set.js';
import { ProviderRequestError } from '../../errors/transport-errors.js';
import { jsonResponse, manualClock, rejectionOf, routedFetch, type RouteHandler } from '../../transport/transport.spec-support.js';
import { presetDeps, tokenSet } from '../preset.spec-support.js';
import { GitHubOAuth, type GitHubOAuthOptions } from './github-options.js';
import { GITHUB_APP_TOKEN, GITHUB_BAD_CODE, GITHUB_BAD_REFRESH, GITHUB_EMAILS, GITHUB_TOKEN, GITHUB_USER } from './github.recorded.spec-support.js';

const clock = manualClock(new Date('2030-01-01T00:00:00Z'));
const TOKEN_URL = 'https://github.com/login/oauth/access_token';
const USER_URL = 'https://api.github.com/user';
const EMAILS_URL = 'https://api.github.com/user/emails';

function setup(routes: Record<string, RouteHandler> = {}, options: Partial<GitHubOAuthOptions> = {}) {
  const net = routedFetch({
    [TOKEN_URL]: () => jsonResponse(GITHUB_TOKEN),
    [USER_URL]: () => jsonResponse(GITHUB_USER),
    [EMAILS_URL]: () => jsonResponse(GITHUB_EMAILS),
    ...routes,
  });
  const definition = GitHubOAuth({ clientId: 'client-1', clientSecret: 'secret-1', ...options });
  return { net, strategy: definition.createStrategy(presetDeps(definition, net.fetch, clock)) };
}

const tokens = (extra: Partial<OAuthTokenSet> = {}): OAuthTokenSet => tokenSet({ accessToken: 'gho_x', tokenType: 'bearer', ...extra });

describe('GitHubStrategy authorization and token exchange', () => {
  it('builds the authorization URL without any network call: scopes, state, PKCE, no nonce', async () => {
    const { net, strategy } = setup();
    const url = new URL(await strategy.authorizationUrl({ state: 's', codeVerifier: 'v'.repeat(43), nonce: null, scopes: ['read:user', 'user:email'] }));
    expect(net.requests).toHaveLength(0);
    expect(`${url.origin}${url.pathname}`).toBe('https://github.com/login/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: 'client-1', scope: 'read:user user:email', state: 's', code_challenge_method: 'S256' });
    expect(url.searchParams.has('nonce')).toBe(false);
  });

  it('exchanges the code with the secret in the body, asks for JSON, and stores scopes space-separated', async () => {
    const { net, strategy } = setup();
    const set = await strategy.exchangeCode('code-1', 'v'.repeat(43));
    expect(set).toMatchObject({ accessToken: GITHUB_TOKEN.access_token, scope: 'read:user user:email', refreshToken: null, idToken: null });
    const request = net.requests[0];
    expect(request?.headers.get('accept')).toBe('application/json');
    const body = new URLSearchParams(await request?.text());
    expect(body.get('client_secret')).toBe('secret-1');
    expect(body.get('code_verifier')).toBe('v'.repeat(43));
  });

  it('GitHub 200 response with error is an error (bad_verification_code)', async () => {
    const { strategy } = setup({ [TOKEN_URL]: () => jsonResponse(GITHUB_BAD_CODE, 200) });
    const error = await rejectionOf(ProviderRequestError, strategy.exchangeCode('stale', null));
    expect(error).toMatchObject({ failure: 'oauth_error', oauthError: 'bad_verification_code', status: 200 });
    expect(error.message).not.toContain('incorrect or expired');
  });
});

describe('GitHubStrategy expiring user tokens (GitHub Apps)', () => {
  it('keeps the access and refresh token expiries and refreshes with the stored refresh token', async () => {
    const { net, strategy } = setup({ [TOKEN_URL]: () => jsonResponse(GITHUB_APP_TOKEN) });
    const first = await strategy.exchangeCode('code-1', null);
    expect(first.accessTokenExpiresAt?.toISOString()).toBe('2030-01-01T08:00:00.000Z');
    expect(first.refreshTokenExpiresAt?.getTime()).toBe(clock.now().getTime() + 15811200 * 1000);
    const refreshed = await strategy.refresh(first);
    expect(refreshed.accessToken).toBe(GITHUB_APP_TOKEN.access_token);
    const body = new URLSearchParams(await net.requests[1]?.text());
    expect(Object.fromEntries(body)).toMatchObject({ grant_type: 'refresh_token', refresh_token: GITHUB_APP_TOKEN.refresh_token, client_secret: 'secret-1' });
  });

  it('GitHub bad_refresh_token in a 200 means invalid_grant (sign in again)', async () => {
    const { strategy } = setup({ [TOKEN_URL]: () => jsonResponse(GITHUB_BAD_REFRESH, 200) });
    const error = await rejectionOf(ProviderRequestError, strategy.refresh(tokens({ refreshToken: 'ghr_old' })));
    expect(error).toMatchObject({ failure: 'oauth_error', oauthError: 'invalid_grant' });
  });

  it('a classic OAuth App token has no refresh token: refresh fails before any request', async () => {
    const { net, strategy } = setup();
    await expect(strategy.refresh(tokens())).rejects.toMatchObject({ code: 'refresh_token_missing' });
    expect(net.requests).toHaveLength(0);
  });
});

describe('GitHubStrategy profile', () => {
  it('reads /user and /user/emails with the API media type, version and a User-Agent', async () => {
    const { net, strategy } = setup();
    await expect(strategy.resolveProfile(tokens(), {})).resolves.toMatchObject({ providerAccountId: '1', email: 'octocat@github.com', emailVerified: true });
    for (const url of [USER_URL, EMAILS_URL]) {
      const request = net.requests.find((r) => r.url === url);
      expect(request?.headers.get('accept')).toBe('application/vnd.github+json');
      expect(request?.headers.get('x-github-api-version')).toBe('2022-11-28');
      expect(request?.headers.get('authorization')).toBe('Bearer gho_x');
      expect(request?.headers.get('user-agent')).toBeTruthy();
    }
  });

  it.each([403, 404])('GitHub public profile email is not trusted when /user/emails answers %s', async (status) => {
    const { strategy } = setup({ [EMAILS_URL]: () => jsonResponse({ message: 'Resource not accessible by integration' }, status) });
    await expect(strategy.resolveProfile(tokens(), {})).resolves.toMatchObject({ email: 'octocat@github.com', emailVerified: false });
  });

  it.each([
    ['/user fails', { [USER_URL]: () => jsonResponse({ message: 'Bad credentials' }, 401) }],
    ['/user/emails fails with 500', { [EMAILS_URL]: () => new Response('oops', { status: 500 }) }],
    ['/user/emails is not a list', { [EMAILS_URL]: () => jsonResponse({ email: 'x' }) }],
    ['/user is not JSON', { [USER_URL]: () => new Response('<html>', { status: 200 }) }],
  ])('refuses the sign-in with user_info_missing when %s', async (_label, routes) => {
    const { strategy } = setup(routes);
    await expect(strategy.resolveProfile(tokens(), {})).rejects.toMatchObject({ code: 'user_info_missing' });
  });

  it('uses the GitHub Enterprise Server API under <enterpriseUrl>/api/v3', async () => {
    const ghes = 'https://github.example.com';
    const { net, strategy } = setup(
      { [`${ghes}/api/v3/user`]: () => jsonResponse(GITHUB_USER), [`${ghes}/api/v3/user/emails`]: () => jsonResponse(GITHUB_EMAILS) },
      { enterpriseUrl: ghes },
    );
    await expect(strategy.resolveProfile(tokens(), {})).resolves.toMatchObject({ providerAccountId: '1' });
    expect(net.count(USER_URL)).toBe(0);
  });
});
