import type { JWTPayload } from 'jose';
import { OAuthError } from '../../errors/oauth-error.js';
import type { OAuthUserInfo } from '../user-info.js';
import type { ProviderMetadata } from '../../transport/metadata.js';
import type { OAuthTokenSet } from '../../transport/token-set.js';
import { ProviderStrategy, type IdTokenExpectations, type StrategyDependencies } from '../provider-strategy.js';
import { GOOGLE_ISSUER, GOOGLE_ISSUERS } from './google-endpoints.js';
import { mapGoogleProfile } from './google-profile.js';

/** Google's own settings, validated once by `GoogleOAuth` and handed to its strategy. */
export interface GooglePresetSettings {
  readonly hostedDomain: string | null;
  readonly includeGrantedScopes: boolean;
}

/** Google's strategy (spec §12 plus the hardening of the Google issue). */
export class GoogleStrategy extends ProviderStrategy {
  constructor(
    deps: StrategyDependencies,
    private readonly settings: GooglePresetSettings,
  ) {
    super(deps);
  }

  /** `include_granted_scopes` and `hd` are defaults: the app's own `authorizationParams` win. */
  protected override authorizationDefaults(): Record<string, string> {
    const defaults: Record<string, string> = {};
    if (this.settings.includeGrantedScopes) defaults['include_granted_scopes'] = 'true';
    if (this.settings.hostedDomain !== null) defaults['hd'] = this.settings.hostedDomain;
    return { ...defaults, ...this.config.authorizationParams };
  }

  /** Google names itself with or without the scheme; both mean the same issuer. */
  override issuerParameterMatches(iss: string, _metadata: ProviderMetadata): boolean {
    return GOOGLE_ISSUERS.includes(iss);
  }

  /** Runs after the signature check, so `claims.iss` is Google's own statement, not an attacker's. */
  protected override expectedIdTokenIssuer(_metadata: ProviderMetadata, claims: JWTPayload): string {
    return typeof claims.iss === 'string' && GOOGLE_ISSUERS.includes(claims.iss) ? claims.iss : GOOGLE_ISSUER;
  }

  override async validateIdToken(idToken: string, expectations: IdTokenExpectations): Promise<JWTPayload> {
    const claims = await super.validateIdToken(idToken, expectations);
    this.assertHostedDomain(claims);
    return claims;
  }

  /**
   * `hd=` in the authorization URL is only a hint for Google's account chooser: the user can remove
   * it and sign in with any account. The restriction holds only because the signed `hd` claim is checked.
   */
  private assertHostedDomain(profile: Record<string, unknown>): void {
    const wanted = this.settings.hostedDomain;
    if (wanted === null) return;
    const hd = profile['hd'];
    const ok = typeof hd === 'string' && hd !== '' && (wanted === '*' || hd.toLowerCase() === wanted);
    if (!ok) throw new OAuthError('oauth_code_verification_failed', 'account is not in the required hosted domain');
  }

  /**
   * Spec §12: the verified ID token already has the profile, so userinfo is not called; userinfo is
   * the fallback when there is no ID token (no `openid` scope) or its claims cannot be mapped.
   */
  override async resolveProfile(tokenSet: OAuthTokenSet, claims: Record<string, unknown>): Promise<OAuthUserInfo> {
    const user = await this.profileFrom(tokenSet, claims);
    // Also covers the userinfo-only path (no ID token), where validateIdToken never ran.
    this.assertHostedDomain(user.raw);
    return user;
  }

  private async profileFrom(tokenSet: OAuthTokenSet, claims: Record<string, unknown>): Promise<OAuthUserInfo> {
    if (!this.config.hooks.getUserinfo && Object.keys(claims).length > 0) {
      try {
        return await this.mapProfile({ ...claims }, tokenSet);
      } catch (error) {
        if (!(error instanceof OAuthError)) throw error;
      }
    }
    return super.resolveProfile(tokenSet, claims);
  }

  protected override async mapProfile(raw: Record<string, unknown>, tokenSet: OAuthTokenSet): Promise<OAuthUserInfo> {
    if (this.config.hooks.mapProfile) return this.config.hooks.mapProfile(raw, tokenSet);
    return mapGoogleProfile(raw);
  }
}
