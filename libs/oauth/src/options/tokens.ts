import type { StateStrategy } from '../providers/provider-options.js';

/** Resolved, frozen module options (`ResolvedModuleOptions`): injected in module/ only, which builds the slices below. */
export const OAUTH_OPTIONS = Symbol('OAUTH_OPTIONS');
/** Raw values from `forRoot` or the `forRootAsync` factory. */
export const OAUTH_MODULE_VALUES = Symbol('OAUTH_MODULE_VALUES');
/** The `Keyring` made from `secrets` (HKDF subkeys per purpose). */
export const OAUTH_KEYRING = Symbol('OAUTH_KEYRING');

// The slices: each class injects only what it reads, each slice is made once in module/.
/**
 * The library's only source of "now" (`Clock`, the `clock` option or the system clock). Public, so an app
 * or a test can replace it for the whole module: `.overrideProvider(OAUTH_CLOCK).useValue(clock)`.
 */
export const OAUTH_CLOCK = Symbol('OAUTH_CLOCK');
/** `SessionSettings`: session cookie name, lifetimes, cache, cookie attributes. */
export const OAUTH_SESSION_SETTINGS = Symbol('OAUTH_SESSION_SETTINGS');
/** `RedirectSettings`: base origin and path, route prefix, landing pages, trusted origins. */
export const OAUTH_REDIRECT_SETTINGS = Symbol('OAUTH_REDIRECT_SETTINGS');
/** `OAuthHooks`: the app's hooks. */
export const OAUTH_HOOKS = Symbol('OAUTH_HOOKS');

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
