import type { OAuthProviderDefinition } from '../provider-definition.js';
import { createGenericStrategy } from '../provider-definition.js';
import type { GenericProviderOptions, SharedProviderOptions } from '../provider-options.js';
import { optionalString } from '../option-checks.js';
import { presetDefinition, presetProblems, providerDomainOption, sharedOptions } from '../preset-options.js';

export const AUTH0_DEFAULT_SCOPES: readonly string[] = ['openid', 'profile', 'email'];

/** Options of `Auth0OAuth`: the shared options plus the tenant's domain. */
export interface Auth0OAuthOptions extends SharedProviderOptions {
  /**
   * The domain your users sign in on: the tenant domain (`acme.us.auth0.com`) or your custom domain
   * (`login.acme.com`). Tokens carry the issuer of the domain the flow went through, so use the one
   * your Universal Login runs on, everywhere.
   */
  domain: string;
  /** API identifier sent as `audience`, for a JWT access token to your own API. */
  audience?: string | null;
}

const AUTH0_KEYS = ['domain', 'audience'] as const;

/** Auth0 as a thin OIDC preset: domain in, discovery URL and issuer out; the provider id is `auth0`. */
export function Auth0OAuth(options: Auth0OAuthOptions): OAuthProviderDefinition<'auth0'> {
  const problems = presetProblems('Auth0OAuth');
  const shared = sharedOptions(problems, options, AUTH0_KEYS);
  const origin = providerDomainOption(problems, 'domain', options.domain) ?? 'https://invalid.auth0.com';
  const audience = optionalString(problems, 'audience', options.audience);
  const generic: Omit<GenericProviderOptions<'auth0'>, 'id'> = {
    ...shared,
    scopes: options.scopes ?? AUTH0_DEFAULT_SCOPES,
    discoveryUrl: `${origin}/.well-known/openid-configuration`,
    // Auth0's issuer ends with a slash (`https://acme.us.auth0.com/`); ID tokens and the discovery
    // document carry it that way, and issuers are compared as exact strings (OIDC Core 3.1.3.7).
    issuer: `${origin}/`,
    authorizationParams: audience === null ? shared.authorizationParams : { audience, ...shared.authorizationParams },
  };
  return presetDefinition('auth0', generic, problems, createGenericStrategy);
}
