import type { StateStrategy } from '../providers/provider-options.js';

/** Resolved, frozen module options. */
export const OAUTH_OPTIONS = Symbol('OAUTH_OPTIONS');
/** Raw values from `forRoot` or the `forRootAsync` factory. */
export const OAUTH_MODULE_VALUES = Symbol('OAUTH_MODULE_VALUES');
export const OAUTH_KEYRING = Symbol('OAUTH_KEYRING');

/** DI token of a state strategy's store (`adapter` or `cookie`). */
export function getStateStoreToken(strategy: StateStrategy): string {
  return `OAuthStateStore:${strategy}`;
}

/** DI token of the injectable client for a provider id (pair of `@InjectOAuth`). */
export function getOAuthClientToken(providerId: string): string {
  return `OAuthClient:${providerId}`;
}

export function getProviderRuntimeToken(providerId: string): string {
  return `OAuthProviderRuntime:${providerId}`;
}

/** The repository exactly as the app gave it; `OAuthRepository` is the coded-failures view of it. */
export const OAUTH_REPOSITORY_IMPLEMENTATION = Symbol('OAUTH_REPOSITORY_IMPLEMENTATION');
