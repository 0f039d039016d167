import { Logger } from '@nestjs/common';
import { Keyring } from '../crypto/keyring.js';
import { TokenCodec } from '../crypto/token-codec.js';
import type { ResolvedModuleOptions } from '../module/resolved-module-options.js';
import type { OAuthStateStore } from '../state/oauth-state-store.js';
import type { ProviderRuntime } from './provider-runtime.js';
import { ProviderStrategy, type StrategyDependencies } from './provider-strategy.js';
import type { ProviderKind } from './provider-definition.js';
import { GoogleStrategy } from './google/google-strategy.js';
import { MicrosoftStrategy } from './microsoft/microsoft-strategy.js';

type StrategyFactory = (deps: StrategyDependencies) => ProviderStrategy;

/** Strategy per provider kind; presets register theirs here. */
const STRATEGIES: Record<ProviderKind, StrategyFactory> = {
  generic: (deps) => new ProviderStrategy(deps),
  google: (deps) => new GoogleStrategy(deps),
  microsoft: (deps) => new MicrosoftStrategy(deps),
};

export function callbackUrl(options: ResolvedModuleOptions, providerId: string): string {
  return `${options.baseOrigin}${options.basePath}/${options.routePrefix}/provider/${providerId}/callback`;
}

/** Assembles a provider's runtime once at bootstrap: nothing here is redone per request. */
export function createProviderRuntime(
  options: ResolvedModuleOptions,
  providerId: string,
  stateStore: OAuthStateStore,
): ProviderRuntime {
  const config = options.providers.get(providerId);
  if (!config) throw new Error(`unknown provider ${providerId}`);
  if (!config.usePkce) {
    // An explicit opt-out, but one that reopens code injection (RFC 9700 §2.1.1): say so at every boot.
    new Logger('OAuthModule').warn(JSON.stringify({ event: 'oauth.pkce_disabled', provider: providerId }));
  }
  const redirectUri = callbackUrl(options, providerId);
  const strategy = STRATEGIES[config.kind]({
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
