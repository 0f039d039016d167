import type { OAuthProviderDefinition } from '../providers/provider-definition.js';

/**
 * The provider ids an app configured, for compile-time checks. Empty by default (any id is
 * accepted, and an unknown one fails at bootstrap); an app that wants typos caught by the compiler
 * augments it once:
 *
 * ```ts
 * declare module '@belgie/nestjs-oauth' {
 *   interface OAuthProviderRegistry { google: true; microsoft: true }
 * }
 * ```
 */
export interface OAuthProviderRegistry {}

/** The ids of a registry: its keys, or any string while it is empty. */
export type ProviderIdsOf<Registry> = [keyof Registry] extends [never] ? string : Extract<keyof Registry, string>;

/** The ids `@InjectOAuth` and the guards accept (see `OAuthProviderRegistry`). */
export type RegisteredProviderId = ProviderIdsOf<OAuthProviderRegistry>;

/** The ids of a list of provider definitions (`typeof providers`). */
export type ProviderIdsIn<Definitions extends readonly OAuthProviderDefinition[]> = Definitions[number]['id'];
