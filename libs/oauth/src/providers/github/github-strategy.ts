import type { OAuthUserInfo } from '../user-info.js';
import type { OAuthTokenSet } from '../../transport/token-set.js';
import { ProviderRequestError } from '../../errors/transport-errors.js';
import { OAuthError } from '../../errors/oauth-error.js';
import { ProviderStrategy, type StrategyDependencies } from '../provider-strategy.js';
import { fetchGitHubEmails, fetchGitHubUser } from './github-api.js';
import { mapGitHubProfile } from './github-profile.js';

/** GitHub's own settings, validated once by `GitHubOAuth` and handed to its strategy. */
export interface GitHubPresetSettings {
  /** REST API root (github.com or GitHub Enterprise Server). */
  readonly apiUrl: string;
}

/** GitHub lists granted scopes comma-separated; everything else in the library reads them space-separated. */
function spaceSeparatedScope(tokenSet: OAuthTokenSet): OAuthTokenSet {
  if (tokenSet.scope === null || !tokenSet.scope.includes(',')) return tokenSet;
  const scope = tokenSet.scope
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .join(' ');
  return { ...tokenSet, scope };
}

/** GitHub strategy: OAuth 2.0 without ID tokens; the profile comes from the REST API. */
export class GitHubStrategy extends ProviderStrategy {
  constructor(
    deps: StrategyDependencies,
    private readonly settings: GitHubPresetSettings,
  ) {
    super(deps);
  }

  override async exchangeCode(code: string, codeVerifier: string | null): Promise<OAuthTokenSet> {
    return spaceSeparatedScope(await super.exchangeCode(code, codeVerifier));
  }

  /**
   * GitHub App expiring user tokens (8 h access, 6 months refresh). GitHub answers a dead refresh
   * token with `bad_refresh_token` (in a 200): that is RFC 6749's `invalid_grant`, and the flow must
   * know it so it re-reads a token another instance may have rotated, then asks for a new sign-in.
   */
  override async refresh(current: OAuthTokenSet): Promise<OAuthTokenSet> {
    try {
      return spaceSeparatedScope(await super.refresh(current));
    } catch (error) {
      if (error instanceof ProviderRequestError && error.failure === 'oauth_error' && error.oauthError === 'bad_refresh_token') {
        throw new ProviderRequestError({ endpoint: 'token', failure: 'oauth_error', oauthError: 'invalid_grant', detail: 'bad_refresh_token' }, { cause: error });
      }
      throw error;
    }
  }

  /** `/user` for the profile, `/user/emails` for the address and its verification (never `/user`'s `email`). */
  override async resolveProfile(tokenSet: OAuthTokenSet, _claims: Record<string, unknown>): Promise<OAuthUserInfo> {
    const accessToken = tokenSet.accessToken;
    if (!accessToken) throw new OAuthError('user_info_missing', 'provider did not return a usable profile');
    const [user, emails] = await Promise.all([
      fetchGitHubUser(this.deps.http, this.settings.apiUrl, accessToken),
      fetchGitHubEmails(this.deps.http, this.settings.apiUrl, accessToken),
    ]);
    return this.mapProfile({ ...user, emails }, tokenSet);
  }

  protected override mapProfile(raw: Record<string, unknown>, _tokenSet: OAuthTokenSet): Promise<OAuthUserInfo> {
    return Promise.resolve(mapGitHubProfile(raw));
  }
}
