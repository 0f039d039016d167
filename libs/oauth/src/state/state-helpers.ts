import { safeEqual } from '../crypto/random.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { InvalidStateError } from '../errors/oauth-error.js';
/** Cookie holding the adapter strategy's encrypted marker `{state, provider, expiresAt}`. */
export function stateMarkerCookieName(providerId: string): string {
  return `belgie_oauth_${providerId}_state_marker`;
}

/** Cookie holding the cookie strategy's whole encrypted state. */
export function stateCookieName(providerId: string): string {
  return `belgie_oauth_${providerId}_state`;
}

/** Whole seconds from `now` until `expiresAt`, never negative (spec §6.2). */
export function secondsUntil(expiresAt: Date, now: Date): number {
  return Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
}

/** Parses an ISO date from an opened payload; null when missing or not a valid date. */
export function parseIsoDate(value: unknown): Date | null {
  if (typeof value !== 'string') {
    return null;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Narrows an opened JSON value to a plain object (not an array). */
export function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** A cookie value, treating an empty value (a cleared cookie) as absent. */
export function readCookie(cookies: Record<string, string>, name: string): string | undefined {
  const value = Object.prototype.hasOwnProperty.call(cookies, name) ? cookies[name] : undefined;
  return value === undefined || value === '' ? undefined : value;
}

export interface SealedStateCookie {
  /** Cookie name (marker or whole-state cookie). */
  name: string;
  /** The cookie's noun in error messages: `marker` or `cookie`. */
  label: 'marker' | 'cookie';
  box: SecretBox;
}

/**
 * Opens a sealed state cookie and binds it to this callback: present, authentic, naming this state
 * (timing-safe) and this provider, unexpired. Shared by both strategies; every failure is an
 * InvalidStateError (state_not_found), a tampered cookie included (the spec raises a plain
 * OAuthError there; our contract maps every tampered state to state_not_found).
 */
export function openBoundStateCookie(
  sealed: SealedStateCookie,
  cookies: Record<string, string>,
  providerId: string,
  state: string,
  now: Date,
): Record<string, unknown> & { state: string; expiresAt: Date } {
  const raw = readCookie(cookies, sealed.name);
  if (raw === undefined) throw new InvalidStateError(`missing OAuth state ${sealed.label}`);
  const data = asObject(sealed.box.open(raw));
  if (data === null) throw new InvalidStateError(`invalid OAuth state ${sealed.label}`);
  const bound = typeof data['state'] === 'string' && safeEqual(data['state'], state) && data['provider'] === providerId;
  if (!bound) throw new InvalidStateError(sealed.label === 'marker' ? 'OAuth state marker mismatch' : 'OAuth state mismatch');
  const expiresAt = parseIsoDate(data['expiresAt']);
  if (expiresAt === null || expiresAt.getTime() <= now.getTime()) throw new InvalidStateError('OAuth state expired');
  return { ...data, state, expiresAt };
}
