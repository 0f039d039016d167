import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency, Type } from '@nestjs/common';
import type { Clock } from '../common/clock.js';
import type { OAuthHooks } from '../options/hooks.js';
import type { OAuthRepository } from '../persistence/oauth-repository.js';
import type { OAuthProvider, OAuthProviderDefinition } from '../providers/provider-definition.js';
import type { GenericProviderOptions } from '../providers/provider-options.js';

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
    /**
     * Absolute lifetime in seconds from sign-in (default 30 days): the sliding expiry never extends a
     * session past it, so a stolen session cookie cannot be kept alive forever by using it.
     */
    absoluteMaxAgeSeconds?: number;
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
  signInRedirectUrl?: string;
  /** Where `POST /auth/sign-out` redirects (default `/`). */
  signOutRedirectUrl?: string;
  /** Extra origins accepted as redirect targets besides `baseUrl`'s own. */
  trustedOrigins?: readonly string[];
  /** Network edge for every provider call (tests inject one). */
  fetch?: typeof fetch;
  clock?: Clock;
  hooks?: OAuthHooks;
}

/**
 * The repository: a class Nest instantiates (with injections from `imports`), an instance, or
 * `{ useExisting: Token }` to reuse a provider another module already exports (bound once).
 */
export type RepositoryOption = Type<OAuthRepository> | OAuthRepository | { useExisting: InjectionToken };

/** What fixes DI tokens, routes and scope: given when the module is declared, never from a factory. */
interface OAuthModuleStaticOptions {
  repository: RepositoryOption;
  imports?: ModuleMetadata['imports'];
  /** Route prefix of the library's controllers (default `auth`). */
  routePrefix?: string;
  /**
   * Register the module globally (default true), so guards and `@InjectOAuth` work in every module.
   * With `false`, only modules that import it see its exports.
   */
  isGlobal?: boolean;
}

export interface OAuthModuleOptions extends OAuthModuleValues, OAuthModuleStaticOptions {
  /** Provider definitions: fixed here because each id mints a DI token. */
  providers: readonly OAuthProviderDefinition[];
}

/**
 * A provider factory as used by `forRootAsync`: `OAuthProvider`, `GoogleOAuth`, `MicrosoftOAuth` or
 * one of your own. `never` accepts any one-argument factory while keeping its own option type.
 */
export type OAuthProviderFactory = (options: never) => OAuthProviderDefinition;

/**
 * Provider id → factory, e.g. `{ google: GoogleOAuth, corp: OAuthProvider }`. An entry left out or
 * `undefined` is a provider that is off (conditional providers: `{ ...(googleOn ? { google: GoogleOAuth } : {}) }`).
 */
export type OAuthProviderFactories = Readonly<Partial<Record<string, OAuthProviderFactory>>>;

/**
 * The options the factory result gives a provider: the factory's own options; for the generic
 * `OAuthProvider` without `id`, since the key is the id.
 */
export type ProviderFactoryOptions<Factory> = Factory extends typeof OAuthProvider
  ? Omit<GenericProviderOptions, 'id'>
  : Factory extends (options: infer Options) => OAuthProviderDefinition
    ? Options
    : never;

/** What a `forRootAsync` factory returns: the module values plus every provider's options, by id. */
export interface OAuthModuleAsyncValues<Factories extends OAuthProviderFactories = OAuthProviderFactories>
  extends OAuthModuleValues {
  providers: { readonly [Id in keyof Factories]: ProviderFactoryOptions<Factories[Id]> };
}

/** `useClass` / `useExisting` target of `forRootAsync` (like TypeORM's `TypeOrmOptionsFactory`). */
export interface OAuthOptionsFactory<Factories extends OAuthProviderFactories = OAuthProviderFactories> {
  createOAuthOptions(): OAuthModuleAsyncValues<Factories> | Promise<OAuthModuleAsyncValues<Factories>>;
}

interface OAuthModuleAsyncStatic<Factories extends OAuthProviderFactories> extends OAuthModuleStaticOptions {
  /** Provider id → factory. Static because each id mints a DI token; the options come from the factory. */
  providers: Factories;
}

interface UseFactory<Result> {
  // Nest's own factory signature: injected values are untyped by design.
  useFactory: (...args: any[]) => Result | Promise<Result>;
  inject?: (InjectionToken | OptionalFactoryDependency)[];
}

export type OAuthModuleAsyncOptions<
  Factories extends OAuthProviderFactories = OAuthProviderFactories,
  Result extends OAuthModuleAsyncValues<Factories> = OAuthModuleAsyncValues<Factories>,
> = OAuthModuleAsyncStatic<Factories> &
  (UseFactory<Result> | { useClass: Type<OAuthOptionsFactory<Factories>> } | { useExisting: Type<OAuthOptionsFactory<Factories>> });

/**
 * Provider ids and provider options in a factory's result that the static list does not know.
 * TypeScript does not check excess properties of a returned object literal, so this does.
 */
type UnknownProviderKeys<Factories, Result> = Result extends { providers: infer Given }
  ? {
      [Id in keyof Given]-?: Id extends keyof Factories ? Exclude<keyof Given[Id], keyof ProviderFactoryOptions<Factories[Id]>> : Id;
    }[keyof Given]
  : never;

/** Makes an unknown id or option in the `useFactory` result a compile error that names it. */
export type StrictFactoryResult<Factories, Result> = [UnknownProviderKeys<Factories, Result>] extends [never]
  ? unknown
  : { useFactory: `unknown provider id or option: ${UnknownProviderKeys<Factories, Result> & string}` };
