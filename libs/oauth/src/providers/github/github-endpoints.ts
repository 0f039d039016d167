/**
 * GitHub is plain OAuth 2.0: no discovery document, no ID token, no JWKS. Its endpoints are fixed
 * and documented, so a sign-in starts without any network call.
 */
export const GITHUB_WEB_URL = 'https://github.com';
export const GITHUB_API_URL = 'https://api.github.com';
/** The REST API version this preset's parsing is written against (sent as `X-GitHub-Api-Version`). */
export const GITHUB_API_VERSION = '2022-11-28';
/** `read:user` for the profile, `user:email` for `/user/emails` (the only source of verified addresses). */
export const GITHUB_DEFAULT_SCOPES: readonly string[] = ['read:user', 'user:email'];

export interface GitHubEndpoints {
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  /** REST API root: `https://api.github.com`, or `<enterprise>/api/v3` on GitHub Enterprise Server. */
  readonly apiUrl: string;
}

/** github.com, or a GitHub Enterprise Server whose web root is `enterpriseUrl` (already validated). */
export function githubEndpoints(enterpriseUrl: string | null): GitHubEndpoints {
  const web = enterpriseUrl ?? GITHUB_WEB_URL;
  return {
    authorizationEndpoint: `${web}/login/oauth/authorize`,
    tokenEndpoint: `${web}/login/oauth/access_token`,
    apiUrl: enterpriseUrl === null ? GITHUB_API_URL : `${enterpriseUrl}/api/v3`,
  };
}
