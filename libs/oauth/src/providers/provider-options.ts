import type { ProviderMetadata } from '../transport/metadata.js';
import type { OAuthTokenSet } from '../transport/token-set.js';
import type { OAuthUserInfo } from './user-info.js';

export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';
export type StateStrategy = 'adapter' | 'cookie';
export type ResponseMode = 'query' | 'form_post';

/** What hooks receive instead of the reference's preconfigured HTTP client (spec §14.1). */
export interface ProviderHttpContext {
  fetch: typeof fetch;
  clientId: string;
  clientSecret: string | null;
  authMethod: TokenEndpointAuthMethod;
  redirectUri: string;
  metadata: ProviderMetadata;
  /** The bearer token, when the operation has one. */
  token: string | null;
}

export interface ProviderHooks {
  /** Replaces the standard code exchange. Returns a token-response object. */
  getToken?: (
    http: ProviderHttpContext,
    code: string,
    tokenParams: Record<string, string>,
    codeVerifier: string | null,
  ) => Promise<Record<string, unknown>>;
  /** Replaces the standard refresh; the result is merged with the current token set. */
  refreshTokens?: (
    http: ProviderHttpContext,
    current: OAuthTokenSet,
    tokenParams: Record<string, string>,
  ) => Promise<Record<string, unknown>>;
  /** Replaces the userinfo request: a raw profile, a mapped user, or null. */
  getUserinfo?: (
    http: ProviderHttpContext,
    tokenSet: OAuthTokenSet,
    metadata: ProviderMetadata,
  ) => Promise<Record<string, unknown> | OAuthUserInfo | null>;
  /** Replaces the default raw-profile mapper. */
  mapProfile?: (profile: Record<string, unknown>, tokenSet: OAuthTokenSet) => OAuthUserInfo | Promise<OAuthUserInfo>;
}

/** Options shared by the generic provider and the presets (spec §3.2). */
export interface SharedProviderOptions {
  clientId: string | readonly string[];
  clientSecret?: string | null;
  /**
   * `public`: no secret, PKCE only (token endpoint auth `none`). Explicit on purpose: a provider without
   * a secret that does not say `public` (or `tokenEndpointAuthMethod: 'none'`) fails at bootstrap, so a
   * missing secret variable never silently turns a confidential client into a public one.
   */
  clientType?: 'public' | 'confidential';
  scopes?: readonly string[];
  responseMode?: ResponseMode | null;
  stateStrategy?: StateStrategy;
  /**
   * PKCE (S256) is on by default. `false` turns it off for a provider that cannot do PKCE; RFC 9700
   * §2.1.1 requires it against code injection, so bootstrap logs a warning naming the provider.
   */
  usePkce?: boolean;
  /** Only `S256` is accepted (`plain` exposes the verifier; anything else would silently send no challenge). */
  codeChallengeMethod?: 'S256';
  useNonce?: boolean;
  authorizationParams?: Record<string, string>;
  tokenParams?: Record<string, string>;
  discoveryHeaders?: Record<string, string>;
  disableSignUp?: boolean;
  disableImplicitSignUp?: boolean;
  disableIdTokenSignIn?: boolean;
  overrideUserInfoOnSignIn?: boolean;
  updateAccountOnSignIn?: boolean;
  allowImplicitAccountLinking?: boolean;
  allowDifferentLinkEmails?: boolean;
  trustedForAccountLinking?: boolean;
  storeAccountCookie?: boolean;
  defaultErrorRedirectUrl?: string | null;
  /**
   * Tokens at rest are encrypted (AES-256-GCM, bound to their account row and column) unless this is
   * `false`. Plaintext rows written before still read, and so do older unbound `enc:v1:` values.
   */
  encryptTokens?: boolean;
  /** Key material for tokens at rest; a list rotates keys (first encrypts). Defaults to the module secret. */
  tokenEncryptionSecret?: string | readonly string[] | null;
  /** Timeout of every request to this provider, in ms (default 10 000). */
  timeoutMs?: number;
  /** Largest response body accepted from this provider, in bytes (default 1 MiB); larger = `provider_unavailable`. */
  maxResponseBytes?: number;
  /**
   * Audiences an ID token may name next to our client ids (OIDC Core 3.1.3.7 #3), e.g. the provider's
   * own API. A token must still name one of our client ids, and with several audiences `azp` must be ours.
   */
  trustedAudiences?: readonly string[];
  /** Refuse ID tokens whose `iat` is older than this many seconds (OIDC Core 3.1.3.7 #10). Default: no limit. */
  idTokenMaxAgeSec?: number | null;
  /**
   * Direct ID-token routes accept only tokens whose nonce was issued by `POST …/nonce` (one use, 10 min).
   * Default `false`.
   */
  requireServerNonce?: boolean;
}

/** Every option of spec §3.1, camelCased. */
export interface GenericProviderOptions<Id extends string = string> extends SharedProviderOptions {
  id: Id;
  discoveryUrl?: string | null;
  issuer?: string | null;
  /**
   * RFC 9207. Unset: required when the metadata advertises `authorization_response_iss_parameter_supported`,
   * otherwise checked when present. `true`: always required. `false`: checked when present.
   */
  requireIssuerParameter?: boolean;
  authorizationEndpoint?: string | null;
  tokenEndpoint?: string | null;
  userinfoEndpoint?: string | null;
  jwksUri?: string | null;
  responseType?: string;
  prompt?: string | null;
  accessType?: string | null;
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  /** How long discovery metadata is cached (ms, default 1 h). */
  discoveryTtlMs?: number;
  hooks?: ProviderHooks;
}
