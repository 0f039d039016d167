import type { TokenCodec } from '../crypto/token-codec.js';
import type { OAuthStateStore } from '../state/oauth-state-store.js';
import type { ProviderStrategy } from './provider-strategy.js';
import type { ResolvedProviderConfig } from './resolved-provider-config.js';

/** Everything the flow needs for one provider, assembled once at bootstrap. */
export interface ProviderRuntime {
  readonly config: ResolvedProviderConfig;
  readonly strategy: ProviderStrategy;
  readonly stateStore: OAuthStateStore;
  readonly tokenCodec: TokenCodec;
  readonly redirectUri: string;
}
