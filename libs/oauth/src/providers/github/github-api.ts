import { OAuthError } from '../../errors/oauth-error.js';
import { providerFetch, type TransportHttp } from '../../transport/http.js';
import { GITHUB_API_VERSION } from './github-endpoints.js';

/**
 * GitHub's REST API wants its media type and a pinned version (so a future default version cannot
 * change the shapes we parse) and refuses requests without a User-Agent.
 */
function githubHeaders(accessToken: string): Record<string, string> {
  return {
    Accept: 'application/vnd.github+json',
    'X-GitHub-Api-Version': GITHUB_API_VERSION,
    'User-Agent': '@belgie/nestjs-oauth',
    Authorization: `Bearer ${accessToken}`,
  };
}

interface ApiAnswer {
  status: number;
  /** The parsed JSON body of a 2xx answer; undefined otherwise. */
  body: unknown;
}

/** One authenticated GET; network, timeout and non-JSON bodies are `user_info_missing` (no token in the message). */
async function githubGet(http: TransportHttp, url: string, accessToken: string, what: string): Promise<ApiAnswer> {
  try {
    const response = await providerFetch(http, 'userinfo', url, { method: 'GET', headers: githubHeaders(accessToken) });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { status: response.status, body: undefined };
    }
    return { status: response.status, body: JSON.parse(await response.text()) as unknown };
  } catch (error) {
    throw new OAuthError('user_info_missing', `failed to fetch provider ${what}`, { cause: error });
  }
}

/** `GET /user`: the profile. Any failure is `user_info_missing` (no profile, no sign-in). */
export async function fetchGitHubUser(http: TransportHttp, apiUrl: string, accessToken: string): Promise<Record<string, unknown>> {
  const { status, body } = await githubGet(http, `${apiUrl}/user`, accessToken, 'user info');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new OAuthError('user_info_missing', `failed to fetch provider user info (HTTP ${status})`);
  }
  return body as Record<string, unknown>;
}

/**
 * `GET /user/emails`. 403/404 mean "not allowed" (no `user:email` scope, or a GitHub App without the
 * email permission): null, and no email will count as verified. Other failures are errors, not a
 * silent downgrade to the unverified public email.
 */
export async function fetchGitHubEmails(http: TransportHttp, apiUrl: string, accessToken: string): Promise<unknown[] | null> {
  const { status, body } = await githubGet(http, `${apiUrl}/user/emails`, accessToken, 'emails');
  if (status === 403 || status === 404) return null;
  if (!Array.isArray(body)) throw new OAuthError('user_info_missing', `failed to fetch provider emails (HTTP ${status})`);
  return body;
}
