import type { Clock } from '../common/clock.js';

/** How long a failed discovery or key-set fetch is answered from memory before asking the provider again. */
export const FAILURE_COOLDOWN_MS = 5_000;

/**
 * Remembers the last failure of a fetch that has nothing cached to fall back on. While a provider's
 * discovery or JWKS endpoint is down, every sign-in would otherwise fetch again: 1,000 requests,
 * 1,000 fetches, a self-inflicted load on a struggling provider (and on our own timeouts). Within
 * the cooldown the remembered error is thrown again instead.
 */
export class FailureCooldown {
  private last: { at: number; error: unknown } | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly cooldownMs: number = FAILURE_COOLDOWN_MS,
  ) {}

  /** Throws the remembered error while the cooldown runs. */
  throwIfCooling(): void {
    if (this.last !== null && this.clock.now().getTime() - this.last.at < this.cooldownMs) {
      throw this.last.error;
    }
  }

  record(error: unknown): void {
    this.last = { at: this.clock.now().getTime(), error };
  }

  clear(): void {
    this.last = null;
  }
}
