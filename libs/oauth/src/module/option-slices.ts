import type { Provider } from '@nestjs/common';
import type { Clock } from '../common/clock.js';
import type { OAuthHooks } from '../options/hooks.js';
import type { ResolvedModuleOptions } from '../options/resolved-module-options.js';
import type { RedirectSettings, SessionSettings } from '../options/settings.js';
import { OAUTH_CLOCK, OAUTH_HOOKS, OAUTH_OPTIONS, OAUTH_REDIRECT_SETTINGS, OAUTH_SESSION_SETTINGS } from '../options/tokens.js';

export function sessionSettingsOf(o: ResolvedModuleOptions): SessionSettings {
  return Object.freeze({
    sessionCookieName: o.sessionCookieName,
    sessionMaxAgeSeconds: o.sessionMaxAgeSeconds,
    sessionUpdateAgeSeconds: o.sessionUpdateAgeSeconds,
    sessionAbsoluteMaxAgeSeconds: o.sessionAbsoluteMaxAgeSeconds,
    sessionCacheMaxAgeSeconds: o.sessionCacheMaxAgeSeconds,
    cookies: o.cookies,
  });
}

export function redirectSettingsOf(o: ResolvedModuleOptions): RedirectSettings {
  return Object.freeze({
    baseOrigin: o.baseOrigin,
    basePath: o.basePath,
    routePrefix: o.routePrefix,
    signInRedirectUrl: o.signInRedirectUrl,
    signOutRedirectUrl: o.signOutRedirectUrl,
    trustedOrigins: o.trustedOrigins,
  });
}

/**
 * The slices of the resolved options that classes inject instead of the whole (tokens in options/tokens.ts),
 * each made once from `OAUTH_OPTIONS`. The clock is the app's own object (not frozen: a test clock moves).
 */
export function optionSliceProviders(): Provider[] {
  return [
    { provide: OAUTH_CLOCK, useFactory: (o: ResolvedModuleOptions): Clock => o.clock, inject: [OAUTH_OPTIONS] },
    { provide: OAUTH_SESSION_SETTINGS, useFactory: sessionSettingsOf, inject: [OAUTH_OPTIONS] },
    { provide: OAUTH_REDIRECT_SETTINGS, useFactory: redirectSettingsOf, inject: [OAUTH_OPTIONS] },
    // Already frozen by resolveModuleOptions.
    { provide: OAUTH_HOOKS, useFactory: (o: ResolvedModuleOptions): OAuthHooks => o.hooks, inject: [OAUTH_OPTIONS] },
  ];
}
