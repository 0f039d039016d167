import type { Clock } from '../common/clock.js';
import type { OAuthHooks } from './hooks.js';
import type { OAuthProviderDefinition } from '../providers/provider-definition.js';
import type { ResolvedProviderConfig } from '../providers/resolved-provider-config.js';
import type { RedirectSettings, SessionSettings } from './settings.js';

/**
 * Module options after defaults and validation; frozen, computed once at bootstrap. Only module/ injects
 * the whole (`OAUTH_OPTIONS`): it builds the slices the other classes inject (see tokens.ts).
 */
export interface ResolvedModuleOptions extends SessionSettings, RedirectSettings {
  readonly secrets: readonly string[];
  readonly baseUrl: URL;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly hooks: OAuthHooks;
  readonly providers: ReadonlyMap<string, ResolvedProviderConfig>;
  /** The definitions the configs were resolved from (each carries its strategy factory). */
  readonly definitions: ReadonlyMap<string, OAuthProviderDefinition>;
}
