import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Keyring } from '../../crypto/keyring.js';
import type { SecretBox } from '../../crypto/secret-box.js';
import { OAuthError } from '../../errors/oauth-error.js';
import type { Clock } from '../../common/clock.js';
import { OAUTH_CLOCK, OAUTH_KEYRING } from '../../options/tokens.js';
import { OAuthRepository } from '../../persistence/oauth-repository.js';

/** How long a server-issued nonce may take to come back inside an ID token. */
export const ID_TOKEN_NONCE_TTL_MS = 10 * 60_000;

export interface IssuedNonce {
  nonce: string;
  expiresAt: Date;
}

function invalidNonce(message: string): OAuthError {
  return new OAuthError('invalid_nonce', message);
}

/**
 * Server-issued one-time nonces for the direct ID-token routes. A client asks for one, passes it to
 * the provider's SDK, and sends it back with the ID token. With `requireServerNonce`, an ID token is
 * accepted only when it carries such a nonce: a token obtained outside a flow this server started
 * (phished from another app that uses the same client id, or minted earlier) is refused.
 *
 * Stateless until used: the nonce is a sealed `{ provider, expiry }` (nothing is stored for nonces
 * that never come back), and its single use is recorded with `recordTokenUse` when it is spent.
 */
@Injectable()
export class IdTokenNonces {
  private readonly box: SecretBox;

  constructor(
    @Inject(OAUTH_CLOCK) private readonly clock: Clock,
    @Inject(OAUTH_KEYRING) keyring: Keyring,
    private readonly repository: OAuthRepository,
  ) {
    this.box = keyring.box('id-token-nonce');
  }

  issue(providerId: string): IssuedNonce {
    const expiresAt = new Date(this.clock.now().getTime() + ID_TOKEN_NONCE_TTL_MS);
    return { nonce: this.box.seal({ p: providerId, e: expiresAt.getTime() }), expiresAt };
  }

  /** Checks that `nonce` was issued by us for this provider and is still live; writes nothing. */
  verify(providerId: string, nonce: string | null | undefined): Date {
    if (typeof nonce !== 'string' || nonce === '') throw invalidNonce('a server-issued nonce is required');
    const opened = this.box.open(nonce) as { p?: unknown; e?: unknown } | undefined;
    if (typeof opened !== 'object' || opened === null || opened.p !== providerId || typeof opened.e !== 'number') {
      throw invalidNonce('the nonce was not issued by this server for this provider');
    }
    if (opened.e <= this.clock.now().getTime()) throw invalidNonce('the nonce has expired');
    return new Date(opened.e);
  }

  /** Spends a verified nonce: only the first caller succeeds, on every instance sharing the repository. */
  async spend(nonce: string, expiresAt: Date): Promise<void> {
    const key = `nonce:sha256:${createHash('sha256').update(nonce, 'utf8').digest('hex')}`;
    if (!(await this.repository.recordTokenUse(key, expiresAt, this.clock.now()))) {
      throw invalidNonce('the nonce was already used');
    }
  }
}
