import { createHash, hash, timingSafeEqual } from 'node:crypto';
import { randomBase64url } from './random-pool.js';

/** Random URL-safe token (base64url, no padding): 32 bytes give 43 characters (state, nonce, session token). */
export function randomToken(bytes = 32): string {
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new RangeError('randomToken needs a positive whole number of bytes');
  }
  return randomBase64url(bytes);
}

/** PKCE code verifier: 64 random bytes → 86 characters, within RFC 7636's 43..128 range. */
export function createCodeVerifier(): string {
  return randomBase64url(64);
}

/** PKCE S256 challenge: base64url(SHA-256(ASCII verifier)) without padding (RFC 7636 §4.2). */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** Hex SHA-256, used to store session tokens as hashes only. */
export function sha256Hex(value: string): string {
  // One-shot (no Hash object per call): every signed-in request hashes its session token.
  return hash('sha256', value, 'hex');
}

/**
 * Constant-time string comparison, so comparing a secret (state, token hash) does not leak how
 * many leading characters matched. Different lengths are simply unequal (length is not secret here).
 */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    return false;
  }
  return timingSafeEqual(left, right);
}
