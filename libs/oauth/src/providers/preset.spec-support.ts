/**
 * Helpers for the preset specs: real RSA keys and real signed ID tokens, a preset's resolved config,
 * and strategy dependencies over a routed fetch. Not exported from the package.
 */
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { Clock } from '../common/clock.js';
import type { OAuthTokenSet } from '../transport/token-set.js';
import { Problems } from './option-checks.js';
import type { OAuthProviderDefinition } from './provider-definition.js';
import type { StrategyDependencies } from './provider-strategy.js';
import { resolveProviderConfig } from './resolve-provider-config.js';
import type { ResolvedProviderConfig } from './resolved-provider-config.js';

export interface SigningKey {
  privateKey: CryptoKey;
  jwks: JSONWebKeySet;
  kid: string;
}

export async function signingKey(kid = 'key-1'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = await exportJWK(publicKey);
  return { privateKey, kid, jwks: { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] } };
}

/** A real RS256 ID token; `iat`/`exp` default to now / now + 1 h on the given clock. */
export function mintIdToken(key: SigningKey, claims: JWTPayload, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ iat, exp: iat + 3600, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .sign(key.privateKey);
}

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
    http: { fetch: fetchImpl, timeoutMs: 1_000 },
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
