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
