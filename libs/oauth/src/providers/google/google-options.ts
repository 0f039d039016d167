import { optionalBoolean, optionalString, type Problems } from '../option-checks.js';
import type { OAuthProviderDefinition } from '../provider-definition.js';
import type { SharedProviderOptions } from '../provider-options.js';
import { presetDefinition, presetProblems, sharedOptions } from '../preset-options.js';
import {
  GOOGLE_AUTHORIZATION_URL,
  GOOGLE_DEFAULT_SCOPES,
  GOOGLE_ISSUER,
  GOOGLE_JWKS_URL,
  GOOGLE_TOKEN_URL,
  GOOGLE_USER_INFO_URL,
} from './google-endpoints.js';
import { GoogleStrategy, type GooglePresetSettings } from './google-strategy.js';

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

const GOOGLE_KEYS = ['accessType', 'prompt', 'includeGrantedScopes', 'hostedDomain'] as const;
const DOMAIN = /^(?:\*|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)$/;

/** Validates Google's own options, recording problems instead of throwing. */
export function googlePresetSettings(problems: Problems, options: GoogleOAuthOptions): GooglePresetSettings {
  let hostedDomain = optionalString(problems, 'hostedDomain', options.hostedDomain)?.toLowerCase() ?? null;
  if (hostedDomain !== null && !DOMAIN.test(hostedDomain)) {
    problems.add('hostedDomain must be a domain name or "*"');
    hostedDomain = null;
  }
  const includeGrantedScopes = optionalBoolean(problems, 'includeGrantedScopes', options.includeGrantedScopes, true);
  return Object.freeze({ hostedDomain, includeGrantedScopes });
}

/** The Google preset (spec §3.3, §12); the provider id is always `google`. */
export function GoogleOAuth(options: GoogleOAuthOptions): OAuthProviderDefinition<'google'> {
  const problems = presetProblems('GoogleOAuth');
  const shared = sharedOptions(problems, options, GOOGLE_KEYS);
  const secret: unknown = options.clientSecret;
  if (secret === undefined || secret === null) {
    problems.add('clientSecret is required (Google clients are confidential)');
  }
  const settings = googlePresetSettings(problems, options);
  const generic = {
    ...shared,
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
  };
  return presetDefinition('google', generic, problems, (deps) => new GoogleStrategy(deps, settings));
}
