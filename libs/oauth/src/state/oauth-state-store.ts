import type { ResponseCookie } from '../common/cookie-header.js';
import type { StateRecord } from '../persistence/records.js';

/**
 * Where the transient OAuth state lives between the start URL and the callback. Chosen per provider
 * through DI (`adapter` or `cookie`), never by branching inside the flow.
 */
export abstract class OAuthStateStore {
  abstract readonly strategy: 'adapter' | 'cookie';

  /**
   * Throws when this state could not be saved (e.g. too large for a cookie), so a start fails in the
   * app's route rather than later in the browser. Persists nothing.
   */
  abstract assertStorable(state: StateRecord, now: Date): void;

  /** Persists the state; returns the cookies the start must set. */
  abstract save(state: StateRecord, now: Date): Promise<ResponseCookie[]>;

  /** Whether the browser sent this strategy's callback cookie (drives the form_post re-dispatch). */
  abstract hasCallbackCookie(providerId: string, cookies: Record<string, string>): boolean;

  /** Validates and consumes the state; throws `InvalidStateError` on every state problem. */
  abstract consume(
    providerId: string,
    state: string,
    cookies: Record<string, string>,
    now: Date,
  ): Promise<StateRecord>;

  /** Cookies that delete this strategy's state cookies. */
  abstract clearCookies(providerId: string): ResponseCookie[];
}
