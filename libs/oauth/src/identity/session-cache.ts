import { safeEqual } from '../crypto/random.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { cookie, expiredCookie, type CookieSettings, type ResponseCookie } from '../common/cookie-header.js';
import type { IndividualRecord, SessionRecord } from '../persistence/records.js';
import { asObject, readCookie } from '../state/state-helpers.js';

export interface CachedSession {
  session: SessionRecord;
  individual: IndividualRecord;
}

export interface SessionCacheSettings {
  /** The session cookie's name; the cache cookie is `<name>_cache`. */
  sessionCookieName: string;
  maxAgeSeconds: number;
  cookies: CookieSettings;
}

/** Browsers cap a cookie (name, value and attributes) at 4096 bytes; stay clear of it. */
const MAX_COOKIE_VALUE_LENGTH = 3800;

export function sessionCacheCookieName(sessionCookieName: string): string {
  return `${sessionCookieName}_cache`;
}

const time = (date: Date | null) => (date === null ? null : date.getTime());
const date = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? new Date(value) : null);
const text = (value: unknown) => (typeof value === 'string' ? value : null);

/**
 * The optional signed session cache (`session.cache`, in the manner of Better Auth's cookie cache):
 * a second cookie holding the session and its individual, sealed with the keyring's own
 * 'session-cache' subkey, so `SessionGuard` can skip the database while the copy is fresh.
 *
 * Security: the copy is authenticated (AES-GCM), so it cannot be forged or edited; it is bound to the
 * session token (the token's hash must match, timing-safe), so it cannot be replayed next to another
 * session cookie, and it is useless without the HttpOnly session cookie itself. The trade-off is
 * revocation: a session deleted elsewhere (sign-out on another device, an admin) keeps working in a
 * browser holding a fresh copy for at most `maxAgeSeconds`; sign-out in this browser clears the copy.
 */
export class SessionCache {
  readonly cookieName: string;

  constructor(
    private readonly box: SecretBox,
    private readonly settings: SessionCacheSettings,
  ) {
    this.cookieName = sessionCacheCookieName(settings.sessionCookieName);
  }

  /** The cached session for the token whose hash is `tokenHash`, or null when absent, stale, foreign or tampered. */
  read(cookies: Record<string, string>, tokenHash: string, nowMs: number): CachedSession | null {
    const raw = readCookie(cookies, this.cookieName);
    if (raw === undefined) return null;
    const data = asObject(this.box.open(raw));
    if (data === null || data['v'] !== 1) return null;
    const cachedUntil = data['e'];
    // Fresh only while both the copy and the session itself are unexpired.
    if (typeof cachedUntil !== 'number' || cachedUntil <= nowMs) return null;
    const session = toSession(asObject(data['s']));
    const individual = toIndividual(asObject(data['i']));
    if (session === null || individual === null || session.expiresAt.getTime() <= nowMs) return null;
    // Bound to the session cookie it was issued for: a copy next to another token is ignored.
    if (!safeEqual(session.tokenHash, tokenHash)) return null;
    return { session, individual };
  }

  /** The cookie caching `active` from `nowMs`, or null when it would not fit in a cookie. */
  write(active: CachedSession, nowMs: number): ResponseCookie | null {
    const { session, individual } = active;
    const cachedUntil = Math.min(nowMs + this.settings.maxAgeSeconds * 1000, session.expiresAt.getTime());
    const value = this.box.seal({
      v: 1,
      e: cachedUntil,
      s: {
        id: session.id,
        h: session.tokenHash,
        ind: session.individualId,
        exp: time(session.expiresAt),
        ip: session.ipAddress,
        ua: session.userAgent,
        c: time(session.createdAt),
        u: time(session.updatedAt),
      },
      i: {
        id: individual.id,
        email: individual.email,
        ev: time(individual.emailVerifiedAt),
        name: individual.name,
        image: individual.image,
        scopes: individual.scopes,
        c: time(individual.createdAt),
        u: time(individual.updatedAt),
      },
    });
    if (value.length > MAX_COOKIE_VALUE_LENGTH) return null;
    const maxAge = Math.max(0, Math.floor((cachedUntil - nowMs) / 1000));
    return cookie(this.cookieName, value, maxAge, this.settings.cookies);
  }

  clear(): ResponseCookie {
    return expiredCookie(this.cookieName, this.settings.cookies);
  }
}

function toSession(s: Record<string, unknown> | null): SessionRecord | null {
  if (s === null) return null;
  const [id, tokenHash, individualId] = [text(s['id']), text(s['h']), text(s['ind'])];
  const [expiresAt, createdAt, updatedAt] = [date(s['exp']), date(s['c']), date(s['u'])];
  if (id === null || tokenHash === null || individualId === null || expiresAt === null || createdAt === null || updatedAt === null) return null;
  return { id, tokenHash, individualId, expiresAt, ipAddress: text(s['ip']), userAgent: text(s['ua']), createdAt, updatedAt };
}

function toIndividual(i: Record<string, unknown> | null): IndividualRecord | null {
  if (i === null) return null;
  const [id, createdAt, updatedAt] = [text(i['id']), date(i['c']), date(i['u'])];
  const scopes = i['scopes'];
  if (id === null || createdAt === null || updatedAt === null || !Array.isArray(scopes)) return null;
  return {
    id,
    email: text(i['email']),
    emailVerifiedAt: date(i['ev']),
    name: text(i['name']),
    image: text(i['image']),
    scopes: scopes.filter((scope): scope is string => typeof scope === 'string'),
    createdAt,
    updatedAt,
  };
}
