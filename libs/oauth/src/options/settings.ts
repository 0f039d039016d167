import type { CookieSettings } from '../common/cookie-header.js';

/**
 * What the session code reads (`OAUTH_SESSION_SETTINGS`): the session cookie, its lifetimes and the
 * cookie attributes every cookie of the library shares. Field names match `ResolvedModuleOptions`,
 * which extends this: module/ builds the slice from the resolved whole.
 */
export interface SessionSettings {
  readonly sessionCookieName: string;
  readonly sessionMaxAgeSeconds: number;
  readonly sessionUpdateAgeSeconds: number;
  /** Absolute session lifetime from sign-in, whatever the sliding expiry says. */
  readonly sessionAbsoluteMaxAgeSeconds: number;
  /** Max age of the signed session cache cookie; null when the cache is off (the default). */
  readonly sessionCacheMaxAgeSeconds: number | null;
  readonly cookies: CookieSettings;
}

/**
 * Where the library's routes live and where flows may end (`OAUTH_REDIRECT_SETTINGS`): the start and
 * callback URLs, the default landing pages, the origins accepted as return targets.
 */
export interface RedirectSettings {
  /** `scheme://host[:port]` of baseUrl, lower-cased. */
  readonly baseOrigin: string;
  /** baseUrl's path without a trailing slash ('' for the root). */
  readonly basePath: string;
  readonly routePrefix: string;
  readonly signInRedirectUrl: string;
  readonly signOutRedirectUrl: string;
  readonly trustedOrigins: readonly string[];
}

/**
 * The absolute URL of one of a provider's library routes (`…/<routePrefix>/provider/<id>/<route>`): the
 * callback registered at the provider and the start URL are both built here.
 */
export function providerRouteUrl(
  settings: Pick<RedirectSettings, 'baseOrigin' | 'basePath' | 'routePrefix'>,
  providerId: string,
  route: string,
): string {
  return `${settings.baseOrigin}${settings.basePath}/${settings.routePrefix}/provider/${encodeURIComponent(providerId)}/${route}`;
}
