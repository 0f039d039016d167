import type { SecretBox } from '../crypto/secret-box.js';
import { OAuthError } from '../errors/oauth-error.js';
import {
  cookie,
  cookieNameWithPrefix,
  expiredCookie,
  serializeSetCookie,
  type CookieSettings,
  type ResponseCookie,
} from '../common/cookie-header.js';
import type { StateRecord } from '../persistence/records.js';
import { openBoundStateCookie, parseIsoDate, readCookie, secondsUntil, stateCookieName } from './state-helpers.js';
import { OAuthStateStore } from './oauth-state-store.js';

// Browsers silently drop cookies over ~4096 bytes (name, value and attributes together); stay below.
const MAX_SET_COOKIE_BYTES = 4000;

/**
 * Stateless strategy: the whole state travels in one encrypted cookie; nothing is stored server-side.
 * Replay protection relies on clearing the cookie and on the provider's single-use code.
 */
export class CookieStateStore extends OAuthStateStore {
  readonly strategy = 'cookie' as const;

  constructor(
    private readonly box: SecretBox,
    private readonly cookies: CookieSettings,
  ) {
    super();
  }

  assertStorable(state: StateRecord, now: Date): void {
    this.buildCookie(state, now);
  }

  save(state: StateRecord, now: Date): Promise<ResponseCookie[]> {
    // Async contract, but every failure must surface as a rejected promise, not a synchronous throw.
    return Promise.resolve().then(() => [this.buildCookie(state, now)]);
  }

  hasCallbackCookie(providerId: string, cookies: Record<string, string>): boolean {
    return readCookie(cookies, this.cookieName(providerId)) !== undefined;
  }

  consume(providerId: string, state: string, cookies: Record<string, string>, now: Date): Promise<StateRecord> {
    return Promise.resolve().then(() => this.read(providerId, state, cookies, now));
  }

  private cookieName(providerId: string): string {
    return cookieNameWithPrefix(this.cookies, stateCookieName(providerId));
  }

  clearCookies(providerId: string): ResponseCookie[] {
    return [expiredCookie(this.cookieName(providerId), this.cookies)];
  }

  private buildCookie(state: StateRecord, now: Date): ResponseCookie {
    const sealed = this.box.seal({
      state: state.state,
      provider: state.provider,
      individualId: state.individualId,
      codeVerifier: state.codeVerifier,
      nonce: state.nonce,
      intent: state.intent,
      redirectUrl: state.redirectUrl,
      errorRedirectUrl: state.errorRedirectUrl,
      newUserRedirectUrl: state.newUserRedirectUrl,
      payload: state.payload ?? null,
      requestSignUp: state.requestSignUp,
      createdAt: state.createdAt.toISOString(),
      expiresAt: state.expiresAt.toISOString(),
    });
    const stateCookie = cookie(this.cookieName(state.provider), sealed, secondsUntil(state.expiresAt, now), this.cookies);
    // Fail when the start URL is built rather than silently at the callback (the browser would drop it).
    if (Buffer.byteLength(serializeSetCookie(stateCookie), 'utf8') > MAX_SET_COOKIE_BYTES) {
      throw new OAuthError('payload_too_large', 'OAuth state is too large for a cookie (reduce returnTo or payload)');
    }
    return stateCookie;
  }

  private read(providerId: string, state: string, cookies: Record<string, string>, now: Date): StateRecord {
    const data = openBoundStateCookie({ name: this.cookieName(providerId), label: 'cookie', box: this.box }, cookies, providerId, state, now);
    return {
      state: data.state,
      provider: providerId,
      individualId: stringOrNull(data['individualId']),
      codeVerifier: stringOrNull(data['codeVerifier']),
      nonce: stringOrNull(data['nonce']),
      intent: data['intent'] === 'link' ? 'link' : 'signin',
      redirectUrl: stringOrNull(data['redirectUrl']),
      errorRedirectUrl: stringOrNull(data['errorRedirectUrl']),
      newUserRedirectUrl: stringOrNull(data['newUserRedirectUrl']),
      payload: data['payload'] ?? null,
      // Coerced to a boolean; only an explicit true asks for sign-up (fail closed).
      requestSignUp: data['requestSignUp'] === true,
      createdAt: parseIsoDate(data['createdAt']) ?? now,
      expiresAt: data.expiresAt,
    };
  }
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
