import { systemClock } from '../common/clock.js';
import { ConfigurationError } from '../errors/oauth-error.js';
import { cookieNameWithPrefix } from '../common/cookie-header.js';
import type { OAuthProviderDefinition } from '../providers/provider-definition.js';
import { Problems, oneOf, optionalBoolean, positiveInteger, secretList } from '../providers/option-checks.js';
import { resolveProviderConfig } from '../providers/resolve-provider-config.js';
import type { ResolvedProviderConfig } from '../providers/resolved-provider-config.js';
import type { OAuthModuleValues } from './oauth-module-options.js';
import type { ResolvedModuleOptions } from '../options/resolved-module-options.js';

/** Builds the definitions from values (`forRootAsync`), reporting into the same problem list. */
export type DefinitionSource = (problems: Problems) => readonly OAuthProviderDefinition[];

function parseBaseUrl(problems: Problems, value: unknown): URL {
  if (typeof value === 'string') {
    try {
      const url = new URL(value.trim());
      if (url.protocol === 'https:' || url.protocol === 'http:') return url;
    } catch {
      // reported below
    }
  }
  problems.add('baseUrl must be an absolute http(s) URL');
  return new URL('http://invalid.localhost');
}

function origins(problems: Problems, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add('trustedOrigins must be a list of origins');
    return [];
  }
  return value.flatMap((entry: unknown) => {
    try {
      if (typeof entry === 'string') return [new URL(entry).origin.toLowerCase()];
    } catch {
      // reported below
    }
    problems.add(`trustedOrigins: ${String(entry)} is not an absolute URL`);
    return [];
  });
}

function sessionCacheMaxAge(problems: Problems, value: unknown, sessionMaxAgeSeconds: number): number | null {
  if (value === undefined || value === null) return null;
  const given = typeof value === 'object' ? (value as { maxAgeSeconds?: unknown }).maxAgeSeconds : value;
  // Present means on: a cache without a max age is a configuration mistake, not a default.
  const maxAge = positiveInteger(problems, 'session.cache.maxAgeSeconds', given ?? Number.NaN, 60);
  // The copy never outlives the session, and a longer cache would only widen the revocation window.
  if (maxAge > sessionMaxAgeSeconds) problems.add('session.cache.maxAgeSeconds must not exceed session.maxAgeSeconds');
  return maxAge;
}

/**
 * Normalises module and provider options once at bootstrap. Every problem is collected and
 * reported in one ConfigurationError, so a bad deployment is fixed in one round.
 */
export function resolveModuleOptions(
  values: OAuthModuleValues,
  definitionSource: readonly OAuthProviderDefinition[] | DefinitionSource,
  routePrefix = 'auth',
): ResolvedModuleOptions {
  const problems = new Problems('OAuthModule');
  const definitions = typeof definitionSource === 'function' ? definitionSource(problems) : definitionSource;
  const secrets = secretList(problems, 'secret', values.secret);
  if (secrets === null) problems.add('secret is required');
  const baseUrl = parseBaseUrl(problems, values.baseUrl);
  const providers = new Map<string, ResolvedProviderConfig>();
  // Kept beside the configs: a runtime is built from its definition's own strategy factory, and with
  // forRootAsync the definitions only exist once the factory has given the values.
  const definitionsById = new Map<string, OAuthProviderDefinition>();
  for (const definition of definitions) {
    const config = resolveProviderConfig(definition, problems.child('providers'));
    if (providers.has(config.id)) problems.add(`providers: duplicate provider id "${config.id}"`);
    providers.set(config.id, config);
    definitionsById.set(config.id, definition);
  }
  if (definitions.length === 0) problems.add('providers: at least one provider is required');
  const session = values.session ?? {};
  const cookies = values.cookies ?? {};
  const sessionMaxAgeSeconds = positiveInteger(problems, 'session.maxAgeSeconds', session.maxAgeSeconds, 604_800);
  const sameSite = oneOf(problems, 'cookies.sameSite', cookies.sameSite, ['lax', 'strict', 'none'] as const, 'lax');
  const secure = optionalBoolean(problems, 'cookies.secure', cookies.secure, baseUrl.protocol === 'https:');
  // Browsers refuse SameSite=None cookies that are not Secure.
  if (sameSite === 'none' && !secure) problems.add('cookies.sameSite "none" requires secure cookies');
  const domain = cookies.domain ?? null;
  // __Host- needs Secure, Path=/ and no Domain; every cookie of ours has Path=/.
  const namePrefix = baseUrl.protocol === 'https:' && secure && domain === null ? '__Host-' : '';
  const resolved: ResolvedModuleOptions = Object.freeze({
    secrets: Object.freeze(secrets ?? []),
    baseUrl,
    baseOrigin: `${baseUrl.protocol}//${baseUrl.host}`.toLowerCase(),
    basePath: baseUrl.pathname.replace(/\/+$/, ''),
    routePrefix: normalizeRoutePrefix(routePrefix),
    sessionMaxAgeSeconds,
    sessionUpdateAgeSeconds: positiveInteger(problems, 'session.updateAgeSeconds', session.updateAgeSeconds, 86_400),
    sessionAbsoluteMaxAgeSeconds: positiveInteger(problems, 'session.absoluteMaxAgeSeconds', session.absoluteMaxAgeSeconds, 2_592_000),
    sessionCookieName: cookieNameWithPrefix({ secure, sameSite, domain, namePrefix }, session.cookieName ?? 'belgie_session'),
    sessionCacheMaxAgeSeconds: sessionCacheMaxAge(problems, session.cache, sessionMaxAgeSeconds),
    cookies: Object.freeze({ secure, sameSite, domain, namePrefix }),
    signInRedirectUrl: values.signInRedirectUrl ?? '/',
    signOutRedirectUrl: values.signOutRedirectUrl ?? '/',
    trustedOrigins: Object.freeze(origins(problems, values.trustedOrigins)),
    fetch: values.fetch ?? globalThis.fetch.bind(globalThis),
    clock: values.clock ?? systemClock,
    hooks: Object.freeze({ ...(values.hooks ?? {}) }),
    providers,
    definitions: definitionsById,
  });
  if (problems.list.length > 0) throw new ConfigurationError('Invalid OAuthModule configuration', problems.list);
  return resolved;
}

/** `/auth/`, `auth` and `//auth` all name the same prefix: stored without surrounding slashes. */
export function normalizeRoutePrefix(prefix: string): string {
  return prefix.replace(/^\/+|\/+$/g, '');
}
