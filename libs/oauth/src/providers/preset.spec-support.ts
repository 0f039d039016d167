/**
 * Helpers for the preset specs: a preset's resolved config and strategy dependencies over a routed
 * fetch (keys and signed ID tokens: testing/signing-keys.spec-support.ts). Not exported from the package.
 */
import type { Clock } from '../common/clock.js';
import type { OAuthTokenSet } from '../transport/token-set.js';
import { Problems } from './option-checks.js';
import type { OAuthProviderDefinition } from './provider-definition.js';
import type { StrategyDependencies } from './provider-strategy.js';
import { resolveProviderConfig } from './resolve-provider-config.js';
import type { ResolvedProviderConfig } from './resolved-provider-config.js';

/** Resolves a definition like bootstrap does; returns the problems instead of throwing. */
export function resolvePreset(definition: OAuthProviderDefinition): { config: ResolvedProviderConfig; problems: string[] } {
  const problems = new Problems('test');
  const config = resolveProviderConfig(definition, problems);
  return { config, problems: problems.list };
}

export function presetDeps(definition: OAuthProviderDefinition, fetchImpl: typeof fetch, clock: Clock): StrategyDependencies {
  const { config, problems } = resolvePreset(definition);
  if (problems.length > 0) throw new Error(`test preset is invalid: ${problems.join('; ')}`);
  return {
    config,
    redirectUri: `http://127.0.0.1:3000/auth/provider/${config.id}/callback`,
    http: { fetch: fetchImpl, timeoutMs: 1_000, maxResponseBytes: config.maxResponseBytes },
    clock,
  };
}

/** A token set with every field empty, then `fields` laid over it. */
export function tokenSet(fields: Partial<OAuthTokenSet> = {}): OAuthTokenSet {
  return {
    accessToken: null,
    tokenType: null,
    refreshToken: null,
    scope: null,
    idToken: null,
    accessTokenExpiresAt: null,
    refreshTokenExpiresAt: null,
    raw: {},
    ...fields,
  };
}
