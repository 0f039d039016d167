import type { JWTPayload } from 'jose';
import { OAuthError } from '../../errors/oauth-error.js';
import type { OAuthUserInfo } from '../user-info.js';
import type { ProviderMetadata } from '../../transport/metadata.js';
import type { OAuthTokenSet } from '../../transport/token-set.js';
import { IdTokenValidationError } from '../../errors/transport-errors.js';
import { assertSameSubject, ProviderStrategy, type StrategyDependencies } from '../provider-strategy.js';
import { fetchGraphPhoto, fetchGraphUserinfo } from './microsoft-graph.js';
import type { MicrosoftPhotoSize } from './microsoft-endpoints.js';
import { mapMicrosoftProfile } from './microsoft-profile.js';
import { issuerForTenant, issuerParameterAllowed, issuerTemplate, tenantAllowed } from './microsoft-tenant.js';

/** Microsoft's own settings, validated once by `MicrosoftOAuth` and handed to its strategy. */
export interface MicrosoftPresetSettings {
  readonly tenant: string;
  readonly authority: string;
  readonly disableProfilePhoto: boolean;
  readonly profilePhotoSize: MicrosoftPhotoSize;
  readonly allowedTenants: readonly string[] | null;
}

/** Microsoft identity platform strategy (spec §13 plus the tenant and nOAuth hardening). */
export class MicrosoftStrategy extends ProviderStrategy {
  constructor(
    deps: StrategyDependencies,
    private readonly settings: MicrosoftPresetSettings,
  ) {
    super(deps);
  }

  /** Never null, so an `iss` callback parameter is always checked, multi-tenant endpoints included. */
  override expectedIssuer(_metadata: ProviderMetadata): string {
    return issuerTemplate(this.settings);
  }

  override issuerParameterMatches(iss: string, _metadata: ProviderMetadata): boolean {
    return issuerParameterAllowed(this.settings, iss);
  }

  /**
   * Runs after the signature check, so `tid` is Microsoft's statement. A token of a tenant we do not
   * accept fails here; otherwise `iss` must be exactly that tenant's issuer (a token whose `iss` and
   * `tid` disagree is refused rather than trusted by either).
   */
  protected override expectedIdTokenIssuer(_metadata: ProviderMetadata, claims: JWTPayload): string {
    const tid = claims['tid'];
    if (!tenantAllowed(this.settings, tid)) {
      throw new IdTokenValidationError('iss', 'id token tenant is not allowed for this provider');
    }
    return issuerForTenant(this.settings, tid);
  }

  /** Spec §13.4: Microsoft wants `scope` on refresh (the stored one, else the configured scopes). */
  protected override refreshParams(current: OAuthTokenSet): Record<string, string> {
    const params = { ...this.config.tokenParams };
    if (params['scope'] === undefined) {
      params['scope'] = current.scope || [...new Set(this.config.scopes)].join(' ');
    }
    return params;
  }

  /** Spec §13.2: ID-token claims, overlaid with Graph userinfo and (optionally) the Graph photo. */
  override async resolveProfile(tokenSet: OAuthTokenSet, claims: Record<string, unknown>): Promise<OAuthUserInfo> {
    if (this.config.hooks.getUserinfo) return super.resolveProfile(tokenSet, claims);
    const hasClaims = Object.keys(claims).length > 0;
    // With an allow-list, the tenant must come from a verified ID token: userinfo alone proves nothing about it.
    if (this.settings.allowedTenants !== null && !tenantAllowed(this.settings, claims['tid'])) {
      throw new OAuthError('oauth_code_verification_failed', 'sign-in tenant could not be verified');
    }
    let profile: Record<string, unknown> = { ...claims };
    if (tokenSet.accessToken) {
      const fetched = await this.graphProfile(tokenSet.accessToken, hasClaims);
      if (fetched !== null) {
        // Userinfo for another (or no) subject would be a token substitution.
        assertSameSubject(claims, fetched['sub']);
        profile = { ...profile, ...fetched };
      }
    }
    if (Object.keys(profile).length === 0) {
      throw new OAuthError('user_info_missing', 'provider did not return a usable profile');
    }
    return this.mapProfile(profile, tokenSet);
  }

  /** Userinfo (+ photo); a failure is ignored when the ID token already gave us a profile. */
  private async graphProfile(accessToken: string, hasClaims: boolean): Promise<Record<string, unknown> | null> {
    const metadata = await this.metadata();
    let userinfo: Record<string, unknown>;
    try {
      userinfo = await fetchGraphUserinfo(this.deps.http, metadata.userinfo_endpoint, accessToken);
    } catch (error) {
      if (hasClaims) return null;
      throw error;
    }
    if (!this.settings.disableProfilePhoto) {
      const picture = await fetchGraphPhoto(this.deps.http, this.settings.profilePhotoSize, accessToken);
      if (picture !== null) userinfo = { ...userinfo, picture };
    }
    return userinfo;
  }

  protected override async mapProfile(raw: Record<string, unknown>, tokenSet: OAuthTokenSet): Promise<OAuthUserInfo> {
    if (this.config.hooks.mapProfile) return this.config.hooks.mapProfile(raw, tokenSet);
    return mapMicrosoftProfile(raw);
  }
}
