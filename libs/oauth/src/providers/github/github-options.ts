import type { OAuthProviderDefinition } from '../provider-definition.js';
import type { SharedProviderOptions } from '../provider-options.js';
import { presetDefinition, presetProblems, providerUrlOption, sharedOptions } from '../preset-options.js';
import { GITHUB_DEFAULT_SCOPES, githubEndpoints } from './github-endpoints.js';
import { GitHubStrategy } from './github-strategy.js';

/** Options of `GitHubOAuth`: the shared options plus GitHub's own. Works for OAuth Apps and GitHub Apps. */
export interface GitHubOAuthOptions extends Omit<SharedProviderOptions, 'clientSecret'> {
  /** GitHub's token endpoint always authenticates the client: the secret is required. */
  clientSecret: string;
  /**
   * GitHub Enterprise Server web root, e.g. `https://github.example.com` (the API is then
   * `<enterpriseUrl>/api/v3`). Unset: github.com.
   */
  enterpriseUrl?: string | null;
}

const GITHUB_KEYS = ['enterpriseUrl'] as const;

/** The GitHub preset; the provider id is always `github`. */
export function GitHubOAuth(options: GitHubOAuthOptions): OAuthProviderDefinition<'github'> {
  const problems = presetProblems('GitHubOAuth');
  const shared = sharedOptions(problems, options, GITHUB_KEYS);
  const secret: unknown = options.clientSecret;
  if (secret === undefined || secret === null) problems.add('clientSecret is required (GitHub clients are confidential)');
  const endpoints = githubEndpoints(providerUrlOption(problems, 'enterpriseUrl', options.enterpriseUrl));
  const generic = {
    ...shared,
    scopes: options.scopes ?? GITHUB_DEFAULT_SCOPES,
    authorizationEndpoint: endpoints.authorizationEndpoint,
    tokenEndpoint: endpoints.tokenEndpoint,
    tokenEndpointAuthMethod: 'client_secret_post' as const,
    // GitHub issues no ID tokens: there is nothing a native app could present, so the route is off.
    disableIdTokenSignIn: true,
    // GitHub does not send the RFC 9207 `iss` parameter and has no issuer identifier to compare it with.
    requireIssuerParameter: false,
  };
  return presetDefinition('github', generic, problems, (deps) => new GitHubStrategy(deps, { apiUrl: endpoints.apiUrl }));
}
