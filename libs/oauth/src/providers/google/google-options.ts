import { optionalBoolean, optionalString } from '../option-checks.js';
import type { OAuthProviderDefinition } from '../provider-definition.js';
import type { SharedProviderOptions } from '../provider-options.js';
import { PRESET_PROBLEMS_KEY, presetProblems, sharedOptions } from './preset-common.js';

/** Google's endpoints are stable and documented, so no discovery round trip is needed to start a sign-in. */
export const GOOGLE_ISSUER = 'https://accounts.google.com';
/** Google's ID tokens carry either spelling of the issuer (OIDC Core 3.1.3.7 note for Google). */
export const GOOGLE_ISSUERS: readonly string[] = [GOOGLE_ISSUER, 'accounts.google.com'];
export const GOOGLE_DISCOVERY_URL = 'https://accounts.google.com/.well-known/openid-configuration';
export const GOOGLE_AUTHORIZATION_URL = 'https://accounts.google.com/o/oauth2/v2/auth';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const GOOGLE_USER_INFO_URL = 'https://openidconnect.googleapis.com/v1/userinfo';
export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';
export const GOOGLE_DEFAULT_SCOPES: readonly string[] = ['openid', 'email', 'profile'];

/** Options of `GoogleOAuth` (spec §3.3): the shared options plus Google's own. */
export interface GoogleOAuthOptions extends Omit<SharedProviderOptions, 'clientSecret' | 'clientType'> {
  /** Google only issues confidential web clients: the secret is required. */
  clientSecret: string;
  /** Default `offline` (a refresh token); `null` sends none. */
  accessType?: string | null;
  /** Default `consent`; `null` sends none. */
  prompt?: string | null;
  /** Adds `include_granted_scopes=true` (incremental authorization); default true. */
  includeGrantedScopes?: boolean;
  /**
   * Google Workspace domain (`hd`), or `*` for any Workspace domain. Sent as a hint AND enforced on
   * the verified ID token: the URL parameter alone can be edited by the user.
   */
  hostedDomain?: string | null;
}

/** Google's preset settings as carried in `definition.preset` / `config.preset`. */
export interface GooglePresetSettings {
  readonly hostedDomain: string | null;
  readonly includeGrantedScopes: boolean;
}

const GOOGLE_KEYS = ['accessType', 'prompt', 'includeGrantedScopes', 'hostedDomain'] as const;
const DOMAIN = /^(?:\*|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)$/;

/** The Google preset (spec §3.3, §12); the provider id is always `google`. */
export function GoogleOAuth(options: GoogleOAuthOptions): OAuthProviderDefinition<'google', 'google'> {
  const problems = presetProblems('GoogleOAuth');
  const shared = sharedOptions(problems, options, GOOGLE_KEYS);
  const secret: unknown = options.clientSecret;
  if (secret === undefined || secret === null) {
    problems.add('clientSecret is required (Google clients are confidential)');
  }
  let hostedDomain = optionalString(problems, 'hostedDomain', options.hostedDomain)?.toLowerCase() ?? null;
  if (hostedDomain !== null && !DOMAIN.test(hostedDomain)) {
    problems.add('hostedDomain must be a domain name or "*"');
    hostedDomain = null;
  }
  const includeGrantedScopes = optionalBoolean(problems, 'includeGrantedScopes', options.includeGrantedScopes, true);
  const preset: GooglePresetSettings & { [PRESET_PROBLEMS_KEY]: readonly string[] } = {
    hostedDomain,
    includeGrantedScopes,
    [PRESET_PROBLEMS_KEY]: Object.freeze([...problems.list]),
  };
  return Object.freeze({
    id: 'google' as const,
    kind: 'google' as const,
    options: Object.freeze({
      ...shared,
      id: 'google' as const,
      scopes: options.scopes ?? GOOGLE_DEFAULT_SCOPES,
      accessType: options.accessType === undefined ? 'offline' : options.accessType,
      prompt: options.prompt === undefined ? 'consent' : options.prompt,
      issuer: GOOGLE_ISSUER,
      authorizationEndpoint: GOOGLE_AUTHORIZATION_URL,
      tokenEndpoint: GOOGLE_TOKEN_URL,
      userinfoEndpoint: GOOGLE_USER_INFO_URL,
      jwksUri: GOOGLE_JWKS_URL,
      // RFC 9207: Google's advertised support for the `iss` response parameter and what its
      // responses actually carry have disagreed, so requiring it would break sign-ins; it is still
      // checked whenever it is present (port-decisions).
      requireIssuerParameter: false,
      tokenEndpointAuthMethod: 'client_secret_post' as const,
    }),
    preset: Object.freeze(preset),
  });
}

/** Reads the settings back from a resolved config (already validated at bootstrap). */
export function googleSettings(preset: Readonly<Record<string, unknown>>): GooglePresetSettings {
  const hostedDomain = preset['hostedDomain'];
  return {
    hostedDomain: typeof hostedDomain === 'string' ? hostedDomain : null,
    includeGrantedScopes: preset['includeGrantedScopes'] !== false,
  };
}
