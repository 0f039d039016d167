import type { Clock } from '../common/clock.js';
import type { OAuthHooks } from './hooks.js';
import type { CookieSettings } from '../common/cookie-header.js';
import type { OAuthProviderDefinition } from '../providers/provider-definition.js';
import type { ResolvedProviderConfig } from '../providers/resolved-provider-config.js';

/** Module options after defaults and validation; frozen, computed once at bootstrap. */
export interface ResolvedModuleOptions {
  readonly secrets: readonly string[];
  readonly baseUrl: URL;
  /** `scheme://host[:port]` of baseUrl, lower-cased. */
  readonly baseOrigin: string;
  /** baseUrl's path without a trailing slash ('' for the root). */
  readonly basePath: string;
  readonly routePrefix: string;
  readonly sessionMaxAgeSeconds: number;
  readonly sessionUpdateAgeSeconds: number;
  /** Absolute session lifetime from sign-in, whatever the sliding expiry says. */
  readonly sessionAbsoluteMaxAgeSeconds: number;
  readonly sessionCookieName: string;
  /** Max age of the signed session cache cookie; null when the cache is off (the default). */
  readonly sessionCacheMaxAgeSeconds: number | null;
  readonly cookies: CookieSettings;
  readonly signInRedirectUrl: string;
  readonly signOutRedirectUrl: string;
  readonly trustedOrigins: readonly string[];
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly hooks: OAuthHooks;
  readonly providers: ReadonlyMap<string, ResolvedProviderConfig>;
  /** The definitions the configs were resolved from (each carries its strategy factory). */
  readonly definitions: ReadonlyMap<string, OAuthProviderDefinition>;
}
