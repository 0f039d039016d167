import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency, Type } from '@nestjs/common';
import type { Clock } from '../common/clock.js';
import type { OAuthHooks } from '../flow/hooks.js';
import type { OAuthRepository } from '../persistence/oauth-repository.js';
import type { OAuthProviderDefinition } from '../providers/provider-definition.js';

export type SameSite = 'lax' | 'strict' | 'none';

/** Values that may come from an async factory (`forRootAsync`). */
export interface OAuthModuleValues {
  /** Master secret (≥ 32 characters) or a rotation list `[current, ...previous]`. */
  secret: string | readonly string[];
  /** Public URL of the app; callbacks are `baseUrl/<routePrefix>/provider/<id>/callback`. */
  baseUrl: string;
  session?: {
    /** Session lifetime in seconds (default 7 days). */
    maxAgeSeconds?: number;
    /** Sliding refresh: extend the session when it is older than this many seconds (default 1 day). */
    updateAgeSeconds?: number;
    cookieName?: string;
    /**
     * Optional signed session cache (off by default): a second cookie holding the session and its
     * individual, sealed with the keyring, so `SessionGuard` skips the database while the copy is
     * younger than `maxAgeSeconds`. A session revoked elsewhere keeps working in a browser holding a
     * fresh copy for at most that long; sign-out in the same browser clears the copy at once.
     */
    cache?: { maxAgeSeconds: number };
  };
  cookies?: {
    /** Default: true when `baseUrl` is https. */
    secure?: boolean;
    sameSite?: SameSite;
    domain?: string | null;
  };
  /** Where a sign-in or link ends when the flow names no target (default `/`). */
  signinRedirectUrl?: string;
  /** Where `POST /auth/sign-out` redirects (default `/`). */
  signoutRedirectUrl?: string;
  /** Extra origins accepted as redirect targets besides `baseUrl`'s own. */
  trustedOrigins?: readonly string[];
  /** Network edge for every provider call (tests inject one). */
  fetch?: typeof fetch;
  clock?: Clock;
  hooks?: OAuthHooks;
}

export type RepositoryOption = Type<OAuthRepository> | OAuthRepository;

export interface OAuthModuleOptions extends OAuthModuleValues {
  /** Provider definitions: fixed here because each id mints a DI token. */
  providers: readonly OAuthProviderDefinition[];
  /** The repository: a class Nest instantiates (with injections from `imports`) or an instance. */
  repository: RepositoryOption;
  imports?: ModuleMetadata['imports'];
  /** Route prefix of the library's controllers (default `auth`). */
  routePrefix?: string;
}

export interface OAuthModuleAsyncOptions {
  providers: readonly OAuthProviderDefinition[];
  repository: RepositoryOption;
  imports?: ModuleMetadata['imports'];
  routePrefix?: string;
  // Nest's own factory signature: injected values are untyped by design.
  useFactory: (...args: any[]) => OAuthModuleValues | Promise<OAuthModuleValues>;
  inject?: (InjectionToken | OptionalFactoryDependency)[];
}
