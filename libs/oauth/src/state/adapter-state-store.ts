import type { SecretBox } from '../crypto/secret-box.js';
import { InvalidStateError } from '../errors/oauth-error.js';
import {
  cookie,
  cookieNameWithPrefix,
  expiredCookie,
  serializeSetCookie,
  type CookieSettings,
  type ResponseCookie,
} from '../common/cookie-header.js';
import type { OAuthRepository } from '../persistence/oauth-repository.js';
import type { StateRecord } from '../persistence/records.js';
import { openBoundStateCookie, readCookie, secondsUntil, stateMarkerCookieName } from './state-helpers.js';
import { OAuthStateStore } from './oauth-state-store.js';

/**
 * Default strategy: the state row lives in the database (single use, consumed atomically) and an
 * encrypted marker cookie binds it to the browser that started the flow.
 */
/** How often abandoned (never called back) state rows are purged: at most once a minute per process. */
export const STATE_PURGE_INTERVAL_MS = 60_000;

export class AdapterStateStore extends OAuthStateStore {
  readonly strategy = 'adapter' as const;
  private nextPurgeAt = 0;

  constructor(
    private readonly repository: Pick<OAuthRepository, 'createState' | 'consumeState' | 'purgeExpiredStates'>,
    private readonly box: SecretBox,
    private readonly cookies: CookieSettings,
  ) {
    super();
  }

  assertStorable(state: StateRecord, now: Date): void {
    serializeSetCookie(this.markerCookie(state, now));
  }

  async save(state: StateRecord, now: Date): Promise<ResponseCookie[]> {
    const markerCookie = this.markerCookie(state, now);
    // Validate the cookie (name from the provider id) before writing the row, so a bad id leaves nothing behind.
    serializeSetCookie(markerCookie);
    await this.repository.createState(state);
    await this.purgeIfDue(now);
    return [markerCookie];
  }

  private markerCookie(state: StateRecord, now: Date): ResponseCookie {
    const marker = this.box.seal({
      state: state.state,
      provider: state.provider,
      expiresAt: state.expiresAt.toISOString(),
    });
    return cookie(this.cookieName(state.provider), marker, secondsUntil(state.expiresAt, now), this.cookies);
  }

  /**
   * Flows that are started and never finished leave rows behind; consumption only removes the rows
   * it meets. One conditional DELETE a minute keeps the table bounded without a scheduler.
   */
  private async purgeIfDue(now: Date): Promise<void> {
    if (now.getTime() < this.nextPurgeAt) return;
    this.nextPurgeAt = now.getTime() + STATE_PURGE_INTERVAL_MS;
    await this.repository.purgeExpiredStates(now);
  }

  hasCallbackCookie(providerId: string, cookies: Record<string, string>): boolean {
    return readCookie(cookies, this.cookieName(providerId)) !== undefined;
  }

  async consume(
    providerId: string,
    state: string,
    cookies: Record<string, string>,
    now: Date,
  ): Promise<StateRecord> {
    // Hardening vs the spec: every browser-bound check runs BEFORE the database. Otherwise a callback
    // from a browser that never started the flow (login CSRF, or an attacker replaying a leaked
    // state) would consume, and so burn, the victim's state row.
    openBoundStateCookie({ name: this.cookieName(providerId), label: 'marker', box: this.box }, cookies, providerId, state, now);
    // Atomic conditional delete: of two parallel callbacks with the same state exactly one wins.
    const row = await this.repository.consumeState(state, now);
    if (row === null) {
      throw new InvalidStateError('Invalid OAuth state');
    }
    // Defence in depth: the repository must not return expired or foreign rows, but never trust it blindly.
    if (row.provider !== providerId) {
      throw new InvalidStateError('Invalid OAuth state');
    }
    if (row.expiresAt.getTime() <= now.getTime()) {
      throw new InvalidStateError('OAuth state expired');
    }
    return row;
  }

  private cookieName(providerId: string): string {
    return cookieNameWithPrefix(this.cookies, stateMarkerCookieName(providerId));
  }

  clearCookies(providerId: string): ResponseCookie[] {
    return [expiredCookie(this.cookieName(providerId), this.cookies)];
  }
}
