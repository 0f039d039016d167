import type { OAuthClient } from '../../flow/oauth-client.js';

/** The injected client of the GitHub preset: `@InjectOAuth('github') github: GitHubOAuthClient`. */
export type GitHubOAuthClient = OAuthClient<'github'>;
export type { GitHubUser, GitHubEmail, GitHubUserInfo } from './github-profile.js';
