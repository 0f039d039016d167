import { createHash } from 'node:crypto';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  type CryptoKey,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type JWTPayload,
} from 'jose';
import { safeEqual } from '../crypto/random.js';
import type { JwksCache } from './jwks-cache.js';
import { selectKey } from './jwks-cache.js';
import type { ProviderMetadata } from './metadata.js';
import { checkAudience, checkMaxAge, checkType } from './id-token-claim-checks.js';
import { verifyCompactJws } from './jws-verify.js';
import { IdTokenValidationError, idTokenCheckFailed as fail, type IdTokenCheck } from '../errors/transport-errors.js';

export interface IdTokenValidationOptions {
  /** Cached provider keys; null when the provider has no `jwks_uri`. */
  jwks: JwksCache | null;
  /** Keys given inline (metadata `jwks`); used instead of `jwks` when present. */
  inlineJwks?: JSONWebKeySet;
  algorithms: readonly string[];
  /** The issuer the token must name, computed from its (verified) claims; null = any non-empty issuer. */
  expectedIssuer: (claims: JWTPayload) => string | null;
  acceptedClientIds: readonly string[];
  /** Audiences that may appear next to ours in `aud` (e.g. the provider's own API); never enough alone. */
  trustedAudiences: readonly string[];
  /** Oldest acceptable `iat`, as an age in seconds; null = no limit beyond `exp`. */
  maxAgeSec: number | null;
  nonce: string | null;
  requireNonceClaim: boolean;
  accessToken: string | null;
  now: Date;
  clockToleranceSec: number;
}

/**
 * Only asymmetric algorithms are ever accepted. `none` would accept unsigned tokens, and an HS*
 * algorithm would let anyone holding the provider's *public* key (everyone) mint tokens by using it
 * as an HMAC secret, so both are removed even when metadata or configuration lists them.
 */
export function asymmetricAlgorithms(algorithms: readonly string[]): string[] {
  return algorithms.filter((alg) => alg.toLowerCase() !== 'none' && !/^hs\d+$/i.test(alg));
}

/** Spec §6.5.1: the metadata's string entries of `id_token_signing_alg_values_supported`, else RS256. */
export function idTokenAlgorithms(metadata: ProviderMetadata): string[] {
  const listed = metadata.id_token_signing_alg_values_supported;
  const strings = Array.isArray(listed) ? listed.filter((alg): alg is string => typeof alg === 'string') : [];
  return strings.length > 0 ? strings : ['RS256'];
}

function readHeader(idToken: string): JWSHeaderParameters {
  try {
    return decodeProtectedHeader(idToken);
  } catch (cause) {
    throw fail('malformed', 'id token is not a well-formed JWS', cause);
  }
}

function keyResolver(options: IdTokenValidationOptions): (header: JWSHeaderParameters) => Promise<CryptoKey> {
  if (options.inlineJwks !== undefined) {
    let local: ReturnType<typeof createLocalJWKSet>;
    try {
      local = createLocalJWKSet(options.inlineJwks);
    } catch (cause) {
      throw fail('jwks', 'inline provider key set is malformed', cause);
    }
    return async (header) => {
      const key = await selectKey(local, header);
      if (key === null) {
        throw fail('kid', 'no provider signing key matches the id token header');
      }
      return key;
    };
  }
  const cache = options.jwks;
  if (cache === null) {
    throw fail('jwks', 'provider has no jwks_uri to verify id tokens with');
  }
  return (header) => cache.getKey(header);
}

const CLAIM_CHECKS: ReadonlySet<string> = new Set(['iss', 'aud', 'exp', 'iat', 'nbf', 'sub', 'nonce']);

/** Translates jose's errors into our named checks at this one boundary. */
function translateJoseError(error: unknown): unknown {
  if (error instanceof IdTokenValidationError) {
    return error;
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return fail('alg', 'id token algorithm is not allowed', error);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return fail('signature', 'id token signature is invalid', error);
  }
  if (error instanceof errors.JWTExpired) {
    return fail('exp', 'id token has expired', error);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const check = CLAIM_CHECKS.has(error.claim) ? (error.claim as IdTokenCheck) : 'malformed';
    return fail(check, `id token ${error.claim} claim is invalid`, error);
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return fail('malformed', 'id token is malformed', error);
  }
  return error;
}

/**
 * Validates an ID token (spec §6.5.1 with our hardening): signature with an allowed asymmetric
 * algorithm, then issuer, audience, azp, times, subject, nonce and at_hash. Every failure is an
 * `IdTokenValidationError` naming the check; messages never contain the token or claim values.
 */
export async function validateIdToken(idToken: string, options: IdTokenValidationOptions): Promise<JWTPayload> {
  const configured = options.algorithms.length > 0 ? options.algorithms : ['RS256'];
  const algorithms = asymmetricAlgorithms(configured);
  const header = readHeader(idToken);
  if (typeof header.alg !== 'string' || !algorithms.includes(header.alg)) {
    throw fail('alg', 'id token algorithm is not allowed');
  }
  checkType(header);
  const getKey = keyResolver(options);
  let payload: JWTPayload;
  try {
    // Signature with node:crypto (synchronous; jose's WebCrypto verify cost a job per token); the
    // key is still jose's selection from the provider's key set, and every claim is checked below.
    payload = verifyCompactJws(idToken, header, await getKey(header), algorithms);
  } catch (error) {
    throw translateJoseError(error);
  }
  checkClaims(payload, header.alg, options);
  return payload;
}

function checkClaims(claims: JWTPayload, alg: string, options: IdTokenValidationOptions): void {
  // OIDC Back-Channel Logout 2.4: a logout token has `events` and must be refused as an ID token
  // (it is signed by the same keys for the same audience, and lacks nothing else we check).
  if (claims['events'] !== undefined) {
    throw fail('events', 'token is a logout token, not an id token');
  }
  checkIssuer(claims, options);
  checkAudience(claims, options.acceptedClientIds, options.trustedAudiences);
  checkTimes(claims, options.now, options.clockToleranceSec);
  checkMaxAge(claims, options.maxAgeSec, options.now, options.clockToleranceSec);
  if (typeof claims.sub !== 'string' || claims.sub === '') {
    throw fail('sub', 'id token sub claim is missing');
  }
  checkNonce(claims, options);
  checkAccessTokenHash(claims, alg, options.accessToken);
}

function checkIssuer(claims: JWTPayload, options: IdTokenValidationOptions): void {
  if (typeof claims.iss !== 'string' || claims.iss === '') {
    throw fail('iss', 'id token iss claim is missing');
  }
  const expected = options.expectedIssuer(claims);
  if (expected !== null && claims.iss !== expected) {
    throw fail('iss', 'id token issuer does not match the provider');
  }
}

function checkTimes(claims: JWTPayload, now: Date, toleranceSec: number): void {
  const nowSec = now.getTime() / 1000;
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) {
    throw fail('exp', 'id token exp claim is missing');
  }
  if (claims.exp <= nowSec - toleranceSec) {
    throw fail('exp', 'id token has expired');
  }
  if (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat)) {
    throw fail('iat', 'id token iat claim is missing');
  }
  if (claims.iat > nowSec + toleranceSec) {
    throw fail('iat', 'id token was issued in the future');
  }
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > nowSec + toleranceSec)) {
    throw fail('nbf', 'id token is not valid yet');
  }
}

/** The nonce binds the token to the browser session that started the sign-in (replay defence). */
function checkNonce(claims: JWTPayload, options: IdTokenValidationOptions): void {
  const claim = claims['nonce'];
  if (options.nonce !== null) {
    if (typeof claim !== 'string' || !safeEqual(claim, options.nonce)) {
      throw fail('nonce', 'id token nonce does not match');
    }
    return;
  }
  if (options.requireNonceClaim && (typeof claim !== 'string' || claim === '')) {
    throw fail('nonce', 'id token nonce claim is missing');
  }
}

/** OIDC Core 3.1.3.8: at_hash = base64url(left half of hash(access token)), hash chosen by the alg. */
export function accessTokenHash(alg: string, accessToken: string): string | null {
  const hash = /^(?:RS|PS|ES)(256|384|512)K?$/.exec(alg)?.[1] ?? (alg === 'EdDSA' || alg === 'Ed25519' ? '512' : null);
  if (hash === null) {
    return null;
  }
  const digest = createHash(`sha${hash}`).update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

function checkAccessTokenHash(claims: JWTPayload, alg: string, accessToken: string | null): void {
  const claim = claims['at_hash'];
  if (claim === undefined || accessToken === null) {
    return;
  }
  const expected = accessTokenHash(alg, accessToken);
  if (typeof claim !== 'string' || expected === null || claim !== expected) {
    throw fail('at_hash', 'id token at_hash does not match the access token');
  }
}
