import { createHash } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { OAuthError } from '../../errors/oauth-error.js';
import type { OAuthRepository } from '../../persistence/oauth-repository.js';

/** The leeway `exp` was checked with: a token stays acceptable (and so replayable) that much longer. */
const EXPIRY_LEEWAY_MS = 120_000;

/**
 * The replay-record key of an ID token at one provider: a SHA-256 over both (the token itself is a
 * credential and never stored). 76 characters, under the contract's 128.
 */
export function idTokenUseKey(providerId: string, idToken: string): string {
  const digest = createHash('sha256').update(providerId, 'utf8').update('\0').update(idToken, 'utf8').digest('hex');
  return `id_token:sha256:${digest}`;
}

/**
 * A direct ID-token request is a bearer credential: anyone who saw the token (a log, a proxy, a
 * compromised front end) could otherwise sign in with it again and again until it expires. The first
 * use is recorded in the repository until the token can no longer pass validation, so every instance
 * sharing that repository refuses the second one.
 */
export async function recordIdTokenUse(
  repository: OAuthRepository,
  providerId: string,
  idToken: string,
  claims: JWTPayload,
  now: Date,
): Promise<void> {
  // `exp` was validated as a finite number before we get here.
  const expiresAt = new Date((claims.exp ?? 0) * 1000 + EXPIRY_LEEWAY_MS);
  const first = await repository.recordTokenUse(idTokenUseKey(providerId, idToken), expiresAt, now);
  if (!first) {
    throw new OAuthError('id_token_replayed', 'this id token was already used');
  }
}
