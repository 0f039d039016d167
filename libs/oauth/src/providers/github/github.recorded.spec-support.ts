/**
 * Response shapes recorded from GitHub's REST and OAuth documentation (documented fields only; values
 * are the docs' own examples or obviously fake). Test-only.
 */

/** `GET /user` (docs example, trimmed to documented fields). */
export const GITHUB_USER = {
  login: 'octocat',
  id: 1,
  node_id: 'MDQ6VXNlcjE=',
  avatar_url: 'https://github.com/images/error/octocat_happy.gif',
  type: 'User',
  site_admin: false,
  name: 'monalisa octocat',
  company: 'GitHub',
  blog: 'https://github.com/blog',
  location: 'San Francisco',
  email: 'octocat@github.com',
  bio: 'There once was...',
  public_repos: 2,
  created_at: '2008-01-14T04:33:35Z',
  updated_at: '2008-01-14T04:33:35Z',
} as const;

/** `GET /user/emails` (docs example). */
export const GITHUB_EMAILS = [{ email: 'octocat@github.com', verified: true, primary: true, visibility: 'public' }] as const;

/** Token endpoint, OAuth App (non-expiring token; scopes comma-separated). */
export const GITHUB_TOKEN = { access_token: 'gho_16C7e42F292c6912E7710c838347Ae178B4a', scope: 'read:user,user:email', token_type: 'bearer' } as const;

/** Token endpoint, GitHub App with expiring user tokens. */
export const GITHUB_APP_TOKEN = {
  access_token: 'ghu_16C7e42F292c6912E7710c838347Ae178B4a',
  expires_in: 28800,
  refresh_token: 'ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498',
  refresh_token_expires_in: 15811200,
  scope: '',
  token_type: 'bearer',
} as const;

/** GitHub answers a bad code with HTTP 200 and an error body. */
export const GITHUB_BAD_CODE = {
  error: 'bad_verification_code',
  error_description: 'The code passed is incorrect or expired.',
  error_uri: 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code',
} as const;

/** ... and a bad refresh token the same way. */
export const GITHUB_BAD_REFRESH = { error: 'bad_refresh_token', error_description: 'The refresh token passed is incorrect or expired.' } as const;
