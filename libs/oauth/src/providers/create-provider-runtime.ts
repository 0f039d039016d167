import { Logger } from '@nestjs/common';
import { Keyring } from '../crypto/keyring.js';
import { TokenCodec } from '../crypto/token-codec.js';
import type { ResolvedModuleOptions } from '../options/resolved-module-options.js';
import type { RedirectSettings } from '../options/settings.js';
import type { OAuthStateStore } from '../state/oauth-state-store.js';
import type { OAuthProviderDefinition } from './provider-definition.js';
import type { ProviderRuntime } from './provider-runtime.js';

/** What a runtime is built from; the clock is the module's injected one (`OAUTH_CLOCK`), so an override reaches every strategy. */
export type RuntimeOptions = Pick<ResolvedModuleOptions, 'providers' | 'secrets' | 'fetch' | 'clock' | 'baseOrigin' | 'basePath' | 'routePrefix'>;

function callbackUrl(options: Pick<RedirectSettings, 'baseOrigin' | 'basePath' | 'routePrefix'>, providerId: string): string {
  return `${options.baseOrigin}${options.basePath}/${options.routePrefix}/provider/${providerId}/callback`;
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
  const redirectUri = callbackUrl(options, definition.id);
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
