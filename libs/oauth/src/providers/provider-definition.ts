import type { GenericProviderOptions } from './provider-options.js';
import { ProviderStrategy, type StrategyDependencies } from './provider-strategy.js';

/**
 * Builds a provider's strategy once at bootstrap. A preset closes over its own typed settings here,
 * so the core never needs to know which presets exist.
 */
export type ProviderStrategyFactory = (deps: StrategyDependencies) => ProviderStrategy;

/**
 * What `OAuthProvider(...)` and the presets return. The literal `id` type flows into
 * `@InjectOAuth(id)` / `OAuthClient<Id>`. Options are validated at bootstrap, all at once.
 */
export interface OAuthProviderDefinition<Id extends string = string> {
  readonly id: Id;
  readonly options: GenericProviderOptions<Id>;
  /** The provider's behaviour (the generic strategy, or a preset's subclass with its settings). */
  readonly createStrategy: ProviderStrategyFactory;
  /**
   * What a preset factory found wrong in its own options. Factories run when the module is declared
   * and must not throw: bootstrap reports these with every other problem in one ConfigurationError.
   */
  readonly problems: readonly string[];
  /**
   * The strategy authenticates at the token endpoint with a credential it makes itself (Apple's ES256
   * client-secret JWT), so a confidential client without a static `clientSecret` is expected here.
   */
  readonly mintsClientSecret?: boolean;
}

/** The generic strategy; thin presets over standard OIDC use it as is. */
export const createGenericStrategy: ProviderStrategyFactory = (deps) => new ProviderStrategy(deps);

/** The generic provider definition (spec §3.1). */
export function OAuthProvider<const Id extends string>(options: GenericProviderOptions<Id>): OAuthProviderDefinition<Id> {
  return Object.freeze({
    id: options.id,
    options: Object.freeze({ ...options }),
    createStrategy: createGenericStrategy,
    problems: Object.freeze([]),
  });
}
