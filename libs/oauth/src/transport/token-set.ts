import { OAuthError } from '../errors/oauth-error.js';
import type { AccountTokenFields } from '../persistence/records.js';

/** Immutable token set (spec §3.7). Built by `tokenSetFromResponse` / `tokenSetFromIdToken` / `tokenSetFromAccount`. */
export interface OAuthTokenSet {
  readonly accessToken: string | null;
  readonly tokenType: string | null;
  readonly refreshToken: string | null;
  readonly scope: string | null;
  readonly idToken: string | null;
  readonly accessTokenExpiresAt: Date | null;
  readonly refreshTokenExpiresAt: Date | null;
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface TokenSetFromResponseOptions {
  now: Date;
  /** The current token set: its values survive when the response omits them (refresh). */
  existing?: OAuthTokenSet | null;
  requireAccessToken?: boolean;
}

/**
 * String coercion of the reference (`str(value)`), limited to scalars: strings as they are, finite
 * numbers in decimal. Empty strings, booleans, objects and null count as absent.
 */
function coerceString(value: unknown): string | null {
  if (typeof value === 'string') {
    return value === '' ? null : value;
  }
  if (typeof value === 'number' && Number.isFinite(value) && value !== 0) {
    return String(value);
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  return null;
}

// Deliberate deviation from the reference: a boolean is not a number here (Python's bool is an int,
// so `expires_in: true` meant "expires in 1 s" there).
function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** An absolute expiry: epoch seconds, a Date, or an ISO date-time (naive values are UTC). */
function absoluteInstant(value: unknown): Date | null {
  if (isNumber(value)) {
    return new Date(value * 1000);
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : new Date(value.getTime());
  }
  if (typeof value === 'string') {
    const match = ISO_DATE.exec(value.trim());
    if (match === null) {
      return null;
    }
    const text = value.trim().replace(' ', 'T');
    const hasTime = text.includes('T');
    const parsed = new Date(hasTime && match[1] === undefined ? `${text}Z` : text);
    return Number.isNaN(parsed.getTime()) ? null : parsed;
  }
  return null;
}

function firstExpiry(
  response: Record<string, unknown>,
  absoluteKeys: readonly string[],
  relativeKeys: readonly string[],
  now: Date,
): Date | null {
  for (const key of absoluteKeys) {
    const instant = absoluteInstant(response[key]);
    if (instant !== null) {
      return instant;
    }
  }
  for (const key of relativeKeys) {
    const value = response[key];
    // Relative lifetimes are numbers only; a string "3600" is ignored, as in the reference.
    if (isNumber(value)) {
      return new Date(now.getTime() + Math.trunc(value) * 1000);
    }
  }
  return null;
}

/** Spec §3.7 "from token response". */
export function tokenSetFromResponse(response: Record<string, unknown>, options: TokenSetFromResponseOptions): OAuthTokenSet {
  const existing = options.existing ?? null;
  const accessToken = coerceString(response['access_token']) ?? existing?.accessToken ?? null;
  if (accessToken === null && (options.requireAccessToken ?? true)) {
    throw new OAuthError('token_response_invalid', 'missing required field in token response: access_token');
  }
  const accessTokenExpiresAt =
    firstExpiry(response, ['expires_at', 'access_token_expires_at'], ['expires_in', 'access_token_expires_in'], options.now) ??
    existing?.accessTokenExpiresAt ??
    null;
  const refreshTokenExpiresAt =
    firstExpiry(response, ['refresh_token_expires_at'], ['refresh_token_expires_in', 'refresh_expires_in'], options.now) ??
    existing?.refreshTokenExpiresAt ??
    null;
  return Object.freeze({
    accessToken,
    tokenType: coerceString(response['token_type']) ?? existing?.tokenType ?? null,
    refreshToken: coerceString(response['refresh_token']) ?? existing?.refreshToken ?? null,
    scope: coerceString(response['scope']) ?? existing?.scope ?? null,
    idToken: coerceString(response['id_token']) ?? existing?.idToken ?? null,
    accessTokenExpiresAt,
    refreshTokenExpiresAt,
    raw: Object.freeze({ ...response }),
  });
}

export interface TokenSetFromIdTokenInput {
  idToken: string;
  accessToken?: string | null;
  refreshToken?: string | null;
  tokenType?: string | null;
  scope?: string | null;
  accessTokenExpiresAt?: Date | null;
  refreshTokenExpiresAt?: Date | null;
}

function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function buildTokenSet(fields: {
  idToken: string | null;
  accessToken: string | null;
  refreshToken: string | null;
  tokenType: string | null;
  scope: string | null;
  accessTokenExpiresAt: Date | null;
  refreshTokenExpiresAt: Date | null;
}): OAuthTokenSet {
  const raw: Record<string, unknown> = {};
  const entries: [string, string | number | null][] = [
    ['id_token', fields.idToken],
    ['access_token', fields.accessToken],
    ['refresh_token', fields.refreshToken],
    ['token_type', fields.tokenType],
    ['scope', fields.scope],
    ['expires_at', fields.accessTokenExpiresAt === null ? null : epochSeconds(fields.accessTokenExpiresAt)],
    ['refresh_token_expires_at', fields.refreshTokenExpiresAt === null ? null : epochSeconds(fields.refreshTokenExpiresAt)],
  ];
  for (const [key, value] of entries) {
    if (value !== null) {
      raw[key] = value;
    }
  }
  return Object.freeze({ ...fields, raw: Object.freeze(raw) });
}

/** Spec §3.7 "from ID token" (direct ID-token flows): fields verbatim, raw mirrors the non-null ones. */
export function tokenSetFromIdToken(input: TokenSetFromIdTokenInput): OAuthTokenSet {
  return buildTokenSet({
    idToken: input.idToken,
    accessToken: input.accessToken ?? null,
    refreshToken: input.refreshToken ?? null,
    tokenType: input.tokenType ?? null,
    scope: input.scope ?? null,
    accessTokenExpiresAt: input.accessTokenExpiresAt ?? null,
    refreshTokenExpiresAt: input.refreshTokenExpiresAt ?? null,
  });
}

/** Spec §3.7 "from account": the stored (already decoded) token fields, raw built as for an ID token. */
export function tokenSetFromAccount(account: AccountTokenFields): OAuthTokenSet {
  return buildTokenSet({
    idToken: account.idToken,
    accessToken: account.accessToken,
    refreshToken: account.refreshToken,
    tokenType: account.tokenType,
    scope: account.scope,
    accessTokenExpiresAt: account.accessTokenExpiresAt,
    refreshTokenExpiresAt: account.refreshTokenExpiresAt,
  });
}
