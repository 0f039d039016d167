import { OAuthError } from '../../errors/oauth-error.js';
import type { OAuthUserInfo } from '../user-info.js';
import type { ClientAuth } from '../../transport/token-endpoint.js';
import type { OAuthTokenSet } from '../../transport/token-set.js';
import { ProviderStrategy, type StrategyDependencies } from '../provider-strategy.js';
import { AppleClientSecret, type AppleClientSecretSettings } from './apple-client-secret.js';
import { mapAppleProfile } from './apple-profile.js';

/** Sign in with Apple's own settings, validated once by `AppleOAuth` and handed to its strategy. */
export interface ApplePresetSettings {
  readonly clientSecret: AppleClientSecretSettings;
}

/** Sign in with Apple: a minted client secret, and a profile made of the ID token and the first `user` field. */
export class AppleStrategy extends ProviderStrategy {
  private readonly secret: AppleClientSecret;

  constructor(deps: StrategyDependencies, settings: ApplePresetSettings) {
    super(deps);
    this.secret = new AppleClientSecret(settings.clientSecret, deps.clock);
  }

  /** Every token request authenticates with the current ES256 client-secret JWT. */
  override clientAuth(): ClientAuth {
    return { clientId: this.config.primaryClientId, clientSecret: this.secret.current(), authMethod: 'client_secret_post' };
  }

  /**
   * Apple has no userinfo endpoint: the verified ID token is the profile, and the name comes once,
   * in the `user` field of the first authorization response.
   */
  override resolveProfile(
    _tokenSet: OAuthTokenSet,
    claims: Record<string, unknown>,
    authorizationResponse: Readonly<Record<string, string>> = {},
  ): Promise<OAuthUserInfo> {
    if (Object.keys(claims).length === 0) {
      return Promise.reject(new OAuthError('user_info_missing', 'Apple returns its profile only in a verified ID token'));
    }
    return Promise.resolve(mapAppleProfile(claims, authorizationResponse['user']));
  }
}
