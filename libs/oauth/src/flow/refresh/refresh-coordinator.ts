import { Inject, Injectable } from '@nestjs/common';
import { randomToken } from '../../crypto/random.js';
import { OAuthError, OAuthRefreshError, type RefreshFailureKind } from '../../errors/oauth-error.js';
import type { Clock } from '../../common/clock.js';
import { OAUTH_CLOCK } from '../../options/tokens.js';
import { OAuthRepository } from '../../persistence/oauth-repository.js';
import type { AccountRecord } from '../../persistence/records.js';
import type { ProviderRuntime } from '../../providers/provider-runtime.js';
import { tokenSetFromAccount } from '../../transport/token-set.js';
import { decodeAccount } from '../accounts/linked-account.js';
import { OAuthEvents } from '../shared/oauth-events.js';
import { classifyRefreshError, isInvalidGrant } from './refresh-errors.js';
import { encodeTokenFields } from '../shared/token-fields.js';

/** How long a lease holder may take before another instance may take over. */
const LEASE_MS = 15_000;
/** How long a waiter waits for another instance's refresh before giving up. */
const WAIT_LIMIT_MS = 20_000;
const POLL_MS = 25;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Exactly one refresh request per account, however many callers and instances ask at once:
 * single-flight inside the process, and a lease row across processes. With rotating refresh
 * tokens a second, parallel refresh would use a token the first just invalidated and log the
 * user out, so de-duplication is a correctness matter, not only a saving.
 */
@Injectable()
export class RefreshCoordinator {
  private readonly inflight = new Map<string, Promise<AccountRecord>>();

  constructor(
    @Inject(OAUTH_CLOCK) private readonly clock: Clock,
    private readonly repository: OAuthRepository,
    private readonly events: OAuthEvents,
  ) {}

  /** Refreshes `seen` unless someone else already refreshed it since it was read. */
  refresh(runtime: ProviderRuntime, seen: AccountRecord): Promise<AccountRecord> {
    const running = this.inflight.get(seen.id);
    if (running) return running;
    const promise = this.refreshWithLease(runtime, seen).finally(() => this.inflight.delete(seen.id));
    this.inflight.set(seen.id, promise);
    return promise;
  }

  private async refreshWithLease(runtime: ProviderRuntime, seen: AccountRecord): Promise<AccountRecord> {
    const owner = randomToken(16);
    const giveUpAt = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      const now = this.clock.now();
      if (await this.repository.acquireRefreshLease(seen.id, owner, new Date(now.getTime() + LEASE_MS), now)) {
        try {
          return await this.refreshHeld(runtime, seen);
        } catch (error) {
          this.emitFailure(runtime, seen, error);
          throw error;
        } finally {
          await this.repository.releaseRefreshLease(seen.id, owner);
        }
      }
      // Another instance holds the lease: wait for its result instead of refreshing twice.
      await sleep(POLL_MS);
      const current = await this.reread(seen);
      if (refreshedSince(seen, current)) return current;
      if (Date.now() > giveUpAt) {
        throw new OAuthRefreshError('provider_unavailable', 'timed out waiting for a concurrent token refresh');
      }
    }
  }

  private async refreshHeld(runtime: ProviderRuntime, seen: AccountRecord): Promise<AccountRecord> {
    const current = await this.reread(seen);
    if (refreshedSince(seen, current)) return current;
    const linked = decodeAccount(runtime.tokenCodec, current);
    let tokens;
    try {
      tokens = await runtime.strategy.refresh(tokenSetFromAccount(linked));
    } catch (error) {
      if (error instanceof OAuthError && error.code === 'refresh_token_missing') throw error;
      if (isInvalidGrant(error)) {
        // Another instance may have rotated the token between our read and our request.
        const again = await this.reread(seen);
        if (again.refreshToken !== current.refreshToken) return again;
      }
      throw classifyRefreshError(error);
    }
    if (tokens.idToken !== null && tokens.idToken !== linked.idToken) {
      await this.checkRefreshedIdToken(runtime, tokens.idToken, tokens.accessToken, current.providerAccountId);
    }
    const updated = await this.repository.updateAccountTokens(current.id, encodeTokenFields(runtime.tokenCodec, current, tokens));
    if (updated === null) throw new OAuthError('account_update_failed', 'failed to update refreshed oauth account');
    this.events.emit({ type: 'refresh', provider: runtime.config.id, individualId: updated.individualId, providerAccountId: updated.providerAccountId });
    return updated;
  }

  /** Only the lease holder reports: waiters share its outcome, so one refresh is one event. */
  private emitFailure(runtime: ProviderRuntime, seen: AccountRecord, error: unknown): void {
    const kind: RefreshFailureKind | null = error instanceof OAuthRefreshError ? error.kind : null;
    const code = error instanceof OAuthError ? error.code : 'unexpected_error';
    this.events.emit({
      type: 'refresh_failed',
      provider: runtime.config.id,
      individualId: seen.individualId,
      providerAccountId: seen.providerAccountId,
      kind,
      code,
    });
  }

  /**
   * OIDC Core 12.2: an ID token returned by a refresh must pass the usual checks (signature, iss,
   * aud, exp, iat) and name the same subject; otherwise a compromised or confused provider response
   * could swap the identity behind a stored account. Nothing is written when it fails.
   */
  private async checkRefreshedIdToken(
    runtime: ProviderRuntime,
    idToken: string,
    accessToken: string | null,
    subject: string,
  ): Promise<void> {
    try {
      const claims = await runtime.strategy.validateIdToken(idToken, { nonce: null, requireNonceClaim: false, accessToken });
      if (claims.sub !== subject) {
        throw new OAuthError('oauth_code_verification_failed', 'refreshed id token names another subject');
      }
    } catch (error) {
      throw new OAuthRefreshError('provider_error', 'the refreshed id token is invalid', { cause: error });
    }
  }

  private async reread(seen: AccountRecord): Promise<AccountRecord> {
    const current = await this.repository.findAccountById(seen.id);
    if (current === null) throw new OAuthError('oauth_account_not_found', 'oauth account not found');
    return current;
  }
}

function refreshedSince(seen: AccountRecord, current: AccountRecord): boolean {
  return current.refreshToken !== seen.refreshToken || current.accessToken !== seen.accessToken;
}
