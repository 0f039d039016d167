import type { JWTPayload } from 'jose';
import type { Clock } from '../common/clock.js';
import { OAuthError } from '../errors/oauth-error.js';
import type { ProviderEndpoint } from '../errors/transport-errors.js';
import type { OAuthUserInfo } from './user-info.js';
import { appendQuery, buildAuthorizationParams } from '../transport/authorization-url.js';
import { hookFetch, type TransportHttp } from '../transport/http.js';
import { validateIdToken } from '../transport/id-token-validator.js';
import { JwksCache } from '../transport/jwks-cache.js';
import type { ProviderMetadata } from '../transport/metadata.js';
import { MetadataResolver, requireMetadataValue } from '../transport/metadata-resolver.js';
import { exchangeCode, refreshGrant, type ClientAuth } from '../transport/token-endpoint.js';
import { tokenSetFromResponse, type OAuthTokenSet } from '../transport/token-set.js';
import { fetchUserinfo } from '../transport/userinfo.js';
import { mapDefaultProfile } from './default-profile-mapper.js';
import type { ProviderHttpContext } from './provider-options.js';
import type { ResolvedProviderConfig } from './resolved-provider-config.js';

export interface StrategyDependencies {
  config: ResolvedProviderConfig;
  redirectUri: string;
  http: TransportHttp;
  clock: Clock;
}

export interface AuthorizationRequest {
  state: string;
  codeVerifier: string | null;
  nonce: string | null;
  scopes: readonly string[];
  prompt?: string | null;
  accessType?: string | null;
  responseMode?: string | null;
  authorizationParams?: Record<string, string> | null;
}

export interface IdTokenExpectations {
  nonce: string | null;
  /** Direct ID-token flows without an access token: the token must carry a nonce (implicit rules). */
  requireNonceClaim: boolean;
  accessToken: string | null;
}

/** OIDC Core 3.1.3.7 leeway for exp/iat/nbf (the reference's 120 s). */
const CLOCK_TOLERANCE_SEC = 120;

/**
 * Provider behaviour: authorization parameters, token exchange, refresh, ID-token checks and
 * profile resolution (spec §14.2). Presets extend it; the flow only talks to this class.
 */
export class ProviderStrategy {
  protected readonly config: ResolvedProviderConfig;
  protected readonly metadataResolver: MetadataResolver;
  private readonly jwksCaches = new Map<string, JwksCache>();

  constructor(protected readonly deps: StrategyDependencies) {
    this.config = deps.config;
    this.metadataResolver = new MetadataResolver(
      {
        discoveryUrl: this.config.discoveryUrl,
        discoveryHeaders: { ...this.config.discoveryHeaders },
        ttlMs: this.config.discoveryTtlMs,
        manual: this.manualMetadata(),
      },
      deps.http,
      deps.clock,
    );
  }

  protected manualMetadata(): ProviderMetadata {
    const c = this.config;
    return {
      issuer: c.issuer,
      authorization_endpoint: c.authorizationEndpoint,
      token_endpoint: c.tokenEndpoint,
      userinfo_endpoint: c.userinfoEndpoint,
      jwks_uri: c.jwksUri,
    };
  }

  metadata(): Promise<ProviderMetadata> {
    return this.metadataResolver.resolve();
  }

  async authorizationUrl(request: AuthorizationRequest): Promise<string> {
    const metadata = await this.metadata();
    const c = this.config;
    const params = buildAuthorizationParams({
      responseType: c.responseType,
      clientId: c.primaryClientId,
      redirectUri: this.deps.redirectUri,
      scopes: request.scopes,
      state: request.state,
      codeVerifier: request.codeVerifier,
      codeChallengeMethod: c.codeChallengeMethod,
      nonce: request.nonce,
      configParams: this.authorizationDefaults(),
      callParams: request.authorizationParams ?? null,
      prompt: request.prompt ?? c.prompt,
      accessType: request.accessType ?? c.accessType,
      responseMode: request.responseMode ?? c.responseMode,
    });
    return appendQuery(requireMetadataValue(metadata, 'authorization_endpoint'), params);
  }

  /** Config-level extra authorization parameters; presets add theirs. */
  protected authorizationDefaults(): Record<string, string> {
    return { ...this.config.authorizationParams };
  }

  /** RFC 9207: the issuer the authorization response's `iss` must equal, or null when unknown. */
  expectedIssuer(metadata: ProviderMetadata): string | null {
    return this.config.issuer ?? metadata.issuer ?? null;
  }

  /** Exact string comparison (RFC 9207 §2.4). Presets with several valid spellings override. */
  issuerParameterMatches(iss: string, metadata: ProviderMetadata): boolean {
    return iss === this.expectedIssuer(metadata);
  }

  /** Unset option: required when the provider advertises support (port-decisions, RFC 9207). */
  issuerParameterRequired(metadata: ProviderMetadata): boolean {
    return this.config.requireIssuerParameter ?? metadata.authorization_response_iss_parameter_supported === true;
  }

  clientAuth(): ClientAuth {
    const c = this.config;
    return { clientId: c.primaryClientId, clientSecret: c.clientSecret, authMethod: c.tokenEndpointAuthMethod };
  }

  /** What a hook replacing a request to `endpoint` receives: the app's fetch under the transport's body cap. */
  httpContext(metadata: ProviderMetadata, token: string | null, endpoint: ProviderEndpoint = 'token'): ProviderHttpContext {
    const auth = this.clientAuth();
    return {
      fetch: hookFetch(this.deps.http, endpoint),
      clientId: auth.clientId,
      clientSecret: auth.clientSecret,
      authMethod: auth.authMethod,
      redirectUri: this.deps.redirectUri,
      metadata,
      token,
    };
  }

  async exchangeCode(code: string, codeVerifier: string | null): Promise<OAuthTokenSet> {
    const metadata = await this.metadata();
    const tokenParams = { ...this.config.tokenParams };
    const response = this.config.hooks.getToken
      ? await this.config.hooks.getToken(this.httpContext(metadata, null), code, tokenParams, codeVerifier)
      : await exchangeCode(this.deps.http, requireMetadataValue(metadata, 'token_endpoint'), this.clientAuth(), {
          code,
          redirectUri: this.deps.redirectUri,
          codeVerifier,
          tokenParams,
        });
    return tokenSetFromResponse(response, { now: this.deps.clock.now(), requireAccessToken: true });
  }

  /** Extra parameters of a refresh request; Microsoft adds `scope`. */
  protected refreshParams(_current: OAuthTokenSet): Record<string, string> {
    return { ...this.config.tokenParams };
  }

  async refresh(current: OAuthTokenSet): Promise<OAuthTokenSet> {
    // Checked before any hook, as in the reference (spec §9.3 step 2).
    if (!current.refreshToken) {
      throw new OAuthError('refresh_token_missing', 'oauth account does not have a refresh token');
    }
    const metadata = await this.metadata();
    const params = this.refreshParams(current);
    const response = this.config.hooks.refreshTokens
      ? await this.config.hooks.refreshTokens(this.httpContext(metadata, current.accessToken), current, params)
      : await refreshGrant(this.deps.http, requireMetadataValue(metadata, 'token_endpoint'), this.clientAuth(), {
          refreshToken: current.refreshToken,
          tokenParams: params,
        });
    return tokenSetFromResponse(response, { now: this.deps.clock.now(), existing: current, requireAccessToken: true });
  }

  /** The issuer an ID token's `iss` must equal; presets derive it from the claims (Microsoft `tid`). */
  protected expectedIdTokenIssuer(metadata: ProviderMetadata, _claims: JWTPayload): string | null {
    return this.expectedIssuer(metadata);
  }

  async validateIdToken(idToken: string, expectations: IdTokenExpectations): Promise<JWTPayload> {
    const metadata = await this.metadata();
    const algorithms = (metadata.id_token_signing_alg_values_supported ?? []).filter((a) => typeof a === 'string');
    return validateIdToken(idToken, {
      jwks: this.jwksFor(metadata),
      algorithms: algorithms.length > 0 ? algorithms : ['RS256'],
      expectedIssuer: (claims) => this.expectedIdTokenIssuer(metadata, claims),
      acceptedClientIds: this.config.clientIds,
      trustedAudiences: this.config.trustedAudiences,
      maxAgeSec: this.config.idTokenMaxAgeSec,
      nonce: expectations.nonce,
      requireNonceClaim: expectations.requireNonceClaim,
      accessToken: expectations.accessToken,
      now: this.deps.clock.now(),
      clockToleranceSec: CLOCK_TOLERANCE_SEC,
    });
  }

  private jwksFor(metadata: ProviderMetadata): JwksCache | null {
    const uri = metadata.jwks_uri;
    if (!uri) return null;
    let cache = this.jwksCaches.get(uri);
    if (!cache) {
      cache = new JwksCache(uri, this.deps.http, this.deps.clock);
      this.jwksCaches.set(uri, cache);
    }
    return cache;
  }

  /** Fetches userinfo with the access token (spec §14.2 step 2). */
  protected async fetchProfile(tokenSet: OAuthTokenSet, metadata: ProviderMetadata): Promise<Record<string, unknown> | OAuthUserInfo | null> {
    if (this.config.hooks.getUserinfo) {
      return this.config.hooks.getUserinfo(this.httpContext(metadata, tokenSet.accessToken, 'userinfo'), tokenSet, metadata);
    }
    if (!tokenSet.accessToken || !metadata.userinfo_endpoint) return null;
    try {
      return await fetchUserinfo(this.deps.http, metadata.userinfo_endpoint, tokenSet.accessToken);
    } catch (error) {
      throw new OAuthError('user_info_missing', 'failed to fetch provider user info', { cause: error });
    }
  }

  /**
   * Spec §14.2 resolve_profile. When both an ID token and userinfo exist, userinfo's `sub` must be
   * the ID token's (OIDC Core 5.3.2): otherwise a token substitution could sign in someone else.
   */
  async resolveProfile(
    tokenSet: OAuthTokenSet,
    claims: Record<string, unknown>,
    // The authorization response's parameters (callback only); presets read provider extras from it (Apple's `user`).
    _authorizationResponse?: Readonly<Record<string, string>>,
  ): Promise<OAuthUserInfo> {
    const metadata = await this.metadata();
    const fetched = await this.fetchProfile(tokenSet, metadata);
    const hasClaims = Object.keys(claims).length > 0;
    if (isUserInfo(fetched)) {
      assertSameSubject(claims, fetched.providerAccountId);
      return hasClaims ? { ...fetched, raw: { ...claims, ...fetched.raw } } : fetched;
    }
    // OIDC Core 5.3.2: userinfo always carries `sub`; after an ID token, a response without it is not
    // known to describe the same person, so none of its values may be used.
    if (fetched) assertSameSubject(claims, fetched['sub']);
    const raw = fetched && Object.keys(fetched).length > 0 ? { ...claims, ...fetched } : { ...claims };
    if (Object.keys(raw).length === 0) {
      throw new OAuthError('user_info_missing', 'provider did not return a usable profile');
    }
    return this.mapProfile(raw, tokenSet);
  }

  protected async mapProfile(raw: Record<string, unknown>, tokenSet: OAuthTokenSet): Promise<OAuthUserInfo> {
    if (this.config.hooks.mapProfile) return this.config.hooks.mapProfile(raw, tokenSet);
    return mapDefaultProfile(raw);
  }
}

function isUserInfo(value: unknown): value is OAuthUserInfo {
  return typeof value === 'object' && value !== null && 'providerAccountId' in value && 'emailVerified' in value;
}

/** OIDC Core 5.3.2: after an ID token, userinfo is used only when its `sub` is the ID token's (a missing one is not). */
export function assertSameSubject(claims: Record<string, unknown>, subject: unknown): void {
  if (claims['sub'] !== undefined && String(subject) !== String(claims['sub'])) {
    throw new OAuthError('user_info_missing', 'userinfo subject does not match the ID token subject');
  }
}
