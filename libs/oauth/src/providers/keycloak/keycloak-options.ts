import type { OAuthProviderDefinition } from '../provider-definition.js';
import { createGenericStrategy } from '../provider-definition.js';
import { optionalString, type Problems } from '../option-checks.js';
import type { SharedProviderOptions } from '../provider-options.js';
import { presetDefinition, presetProblems, providerUrlOption, sharedOptions } from '../preset-options.js';

export const KEYCLOAK_DEFAULT_SCOPES: readonly string[] = ['openid', 'profile', 'email'];

/** Options of `KeycloakOAuth`: the shared options plus the server and the realm. */
export interface KeycloakOAuthOptions extends SharedProviderOptions {
  /**
   * The server's public URL as browsers see it (Keycloak's hostname setting): `https://sso.acme.com`.
   * Keycloak before 17 (WildFly) serves under `/auth`: give `https://sso.acme.com/auth`.
   */
  baseUrl: string;
  realm: string;
}

const KEYCLOAK_KEYS = ['baseUrl', 'realm'] as const;

function realmOption(problems: Problems, value: unknown): string {
  if (value === undefined || value === null) {
    problems.add('realm is required');
    return 'invalid';
  }
  return optionalString(problems, 'realm', value) ?? 'invalid';
}

/**
 * Keycloak as a thin OIDC preset; the provider id is `keycloak`. The issuer is the realm's URL
 * (`<baseUrl>/realms/<realm>`), built from the URL browsers use: Keycloak derives it from the request's
 * hostname, so an internal URL here would make every token's issuer mismatch.
 */
export function KeycloakOAuth(options: KeycloakOAuthOptions): OAuthProviderDefinition<'keycloak'> {
  const problems = presetProblems('KeycloakOAuth');
  const shared = sharedOptions(problems, options, KEYCLOAK_KEYS);
  const given: unknown = options.baseUrl;
  if (given === undefined || given === null) problems.add('baseUrl is required');
  const baseUrl = providerUrlOption(problems, 'baseUrl', given);
  // Encoded: a realm name is one path segment, never a way to point the issuer somewhere else.
  const issuer = `${baseUrl ?? 'https://invalid.keycloak'}/realms/${encodeURIComponent(realmOption(problems, options.realm))}`;
  const generic = {
    ...shared,
    scopes: options.scopes ?? KEYCLOAK_DEFAULT_SCOPES,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    issuer,
  };
  return presetDefinition('keycloak', generic, problems, createGenericStrategy);
}
