import type { OAuthProviderDefinition } from '../provider-definition.js';
import { createGenericStrategy } from '../provider-definition.js';
import type { Problems } from '../option-checks.js';
import type { SharedProviderOptions } from '../provider-options.js';
import { presetDefinition, presetProblems, providerDomainOption, sharedOptions } from '../preset-options.js';

export const OKTA_DEFAULT_SCOPES: readonly string[] = ['openid', 'profile', 'email'];

/** Options of `OktaOAuth`: the shared options plus the org domain and the authorization server. */
export interface OktaOAuthOptions extends SharedProviderOptions {
  /** Your Okta domain (`acme.okta.com`, or a custom domain). */
  domain: string;
  /**
   * Which authorization server issues the tokens: a custom one by id (default `default`, the one
   * Okta creates for you; issuer `https://<domain>/oauth2/<id>`), or `null` for the org
   * authorization server (issuer `https://<domain>`).
   */
  authorizationServerId?: string | null;
}

const OKTA_KEYS = ['domain', 'authorizationServerId'] as const;
// Okta ids are alphanumeric; anything else would let the option reach into another URL path.
const SERVER_ID = /^[A-Za-z0-9]+$/;

function serverIdOption(problems: Problems, value: unknown): string | null {
  if (value === null) return null;
  if (value === undefined) return 'default';
  if (typeof value === 'string' && SERVER_ID.test(value)) return value;
  problems.add('authorizationServerId must be an authorization server id (letters and digits), or null for the org server');
  return 'default';
}

/**
 * Okta as a thin OIDC preset; the provider id is `okta`. The org authorization server and each
 * custom one are different issuers with their own keys: tokens of one are never accepted for the
 * other, because the issuer is fixed here and compared exactly.
 */
export function OktaOAuth(options: OktaOAuthOptions): OAuthProviderDefinition<'okta'> {
  const problems = presetProblems('OktaOAuth');
  const shared = sharedOptions(problems, options, OKTA_KEYS);
  const origin = providerDomainOption(problems, 'domain', options.domain) ?? 'https://invalid.okta.com';
  const serverId = serverIdOption(problems, options.authorizationServerId);
  const issuer = serverId === null ? origin : `${origin}/oauth2/${serverId}`;
  const generic = {
    ...shared,
    scopes: options.scopes ?? OKTA_DEFAULT_SCOPES,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    issuer,
  };
  return presetDefinition('okta', generic, problems, createGenericStrategy);
}
