import type { JWSHeaderParameters, JWTPayload } from 'jose';
import { idTokenCheckFailed as fail } from '../errors/transport-errors.js';

/* The ID-token checks that go beyond signature, issuer and times: token type, audiences, age. */

/**
 * Token confusion (RFC 8725 §3.11): the provider signs other JWTs with the same keys, and an access
 * token (`at+jwt`, RFC 9068) or a back-channel logout token (`logout+jwt`) must never pass for an ID
 * token. ID tokens carry `typ: JWT` or none (OIDC Core 2); the media type is case-insensitive.
 */
export function checkType(header: JWSHeaderParameters): void {
  if (header.typ !== undefined && (typeof header.typ !== 'string' || header.typ.toUpperCase() !== 'JWT')) {
    throw fail('typ', 'token is not an id token (typ)');
  }
}

/**
 * OIDC Core 3.1.3.7 #3-5. `aud` must name one of our client ids, and every other entry must be an
 * audience we were told to trust: a token minted for another relying party that merely lists us too
 * could be replayed here by that party. With several audiences, `azp` must be present and ours, so the
 * token was requested by us; a present `azp` must always be ours.
 */
export function checkAudience(claims: JWTPayload, accepted: readonly string[], trusted: readonly string[]): void {
  const audiences: unknown[] = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  const ours = (aud: unknown): aud is string => typeof aud === 'string' && accepted.includes(aud);
  if (!audiences.some(ours)) {
    throw fail('aud', 'id token was not issued for this client');
  }
  if (!audiences.every((aud) => ours(aud) || (typeof aud === 'string' && trusted.includes(aud)))) {
    throw fail('aud', 'id token names an untrusted audience');
  }
  const azp = claims['azp'];
  if (audiences.length > 1 && azp === undefined) {
    throw fail('azp', 'id token with several audiences has no authorized party');
  }
  if (azp !== undefined && !ours(azp)) {
    throw fail('azp', 'id token authorized party is not this client');
  }
}

/** OIDC Core 3.1.3.7 #10: an `iat` too far in the past can be refused (limits how long a leaked token is useful). */
export function checkMaxAge(claims: JWTPayload, maxAgeSec: number | null, now: Date, toleranceSec: number): void {
  if (maxAgeSec === null || typeof claims.iat !== 'number') {
    return;
  }
  if (claims.iat < now.getTime() / 1000 - maxAgeSec - toleranceSec) {
    throw fail('iat', 'id token was issued too long ago');
  }
}
