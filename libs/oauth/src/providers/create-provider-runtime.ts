import { Logger } from '@nestjs/common';
import { Keyring } from '../crypto/keyring.js';
import { TokenCodec } from '../crypto/token-codec.js';
import type { Clock } from '../common/clock.js';
import { providerRouteUrl, type RedirectSettings } from '../options/settings.js';
import type { OAuthStateStore } from '../state/oauth-state-store.js';
import type { OAuthProviderDefinition } from './provider-definition.js';
import type { ProviderRuntime } from './provider-runtime.js';
import type { ResolvedProviderConfig } from './resolved-provider-config.js';

/**
 * What a runtime is built from (module/ passes the resolved options with the injected `OAUTH_CLOCK`, so an
 * overridden clock reaches every strategy).
 */
export interface RuntimeOptions extends Pick<RedirectSettings, 'baseOrigin' | 'basePath' | 'routePrefix'> {
  readonly providers: ReadonlyMap<string, ResolvedProviderConfig>;
  readonly secrets: readonly string[];
  readonly fetch: typeof fetch;
  readonly clock: Clock;
}

/**
 * Assembles a provider's runtime once at bootstrap: nothing here is redone per request. The strategy
 * comes from the definition itself, so a new preset never needs an edit here.
 */
export function createProviderRuntime(
  options: RuntimeOptions,
  definition: OAuthProviderDefinition,
  stateStore: OAuthStateStore,
): ProviderRuntime {
  const config = options.providers.get(definition.id);
  if (!config) throw new Error(`unknown provider ${definition.id}`);
  if (!config.usePkce) {
    // An explicit opt-out, but one that reopens code injection (RFC 9700 §2.1.1): say so at every boot.
    new Logger('OAuthModule').warn(JSON.stringify({ event: 'oauth.pkce_disabled', provider: definition.id }));
  }
  const redirectUri = providerRouteUrl(options, definition.id, 'callback');
  const strategy = definition.createStrategy({
    config,
    redirectUri,
    http: { fetch: options.fetch, timeoutMs: config.timeoutMs, maxResponseBytes: config.maxResponseBytes },
    clock: options.clock,
  });
  const tokenCodec = config.encryptTokens
    ? new TokenCodec(Keyring.fromSecrets(config.tokenEncryptionSecrets ?? options.secrets).box('tokens-at-rest'))
    : new TokenCodec(null);
  return Object.freeze({ config, strategy, stateStore, tokenCodec, redirectUri });
}
