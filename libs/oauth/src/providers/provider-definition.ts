import type { GenericProviderOptions } from './provider-options.js';

export type ProviderKind = 'generic' | 'google' | 'microsoft';

/**
 * What `OAuthProvider(...)` and the presets return. The literal `id` type flows into
 * `@InjectOAuth(id)` / `OAuthClient<Id>`. Options are validated at bootstrap, all at once.
 */
export interface OAuthProviderDefinition<Id extends string = string, Kind extends ProviderKind = ProviderKind> {
  readonly id: Id;
  readonly kind: Kind;
  readonly options: GenericProviderOptions<Id>;
  /** Preset-specific settings (Google, Microsoft); undefined for the generic provider. */
  readonly preset?: Readonly<Record<string, unknown>>;
}

/** The generic provider definition (spec §3.1). */
export function OAuthProvider<const Id extends string>(
  options: GenericProviderOptions<Id>,
): OAuthProviderDefinition<Id, 'generic'> {
  return Object.freeze({ id: options.id, kind: 'generic' as const, options: Object.freeze({ ...options }) });
}
