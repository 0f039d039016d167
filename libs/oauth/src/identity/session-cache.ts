import { BoundedMemo } from '../common/bounded-memo.js';
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

/** Opened copies kept per process (see `read`); a copy is a few hundred bytes, so this stays a few MB at most. */
const MEMO_ENTRIES = 2048;

/** The opened payload of a copy that authenticated, and the sealed expiry it carries. */
interface OpenedCopy {
  data: Record<string, unknown>;
  cachedUntil: number;
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
  /** Opened copies by exact cookie value (see `open`). */
  private readonly memo = new BoundedMemo<string, OpenedCopy>(MEMO_ENTRIES);

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
    const opened = this.open(raw, nowMs);
    if (opened === null) return null;
    const { data } = opened;
    const session = toSession(asObject(data['s']));
    const individual = toIndividual(asObject(data['i']));
    if (session === null || individual === null || session.expiresAt.getTime() <= nowMs) return null;
    // Bound to the session cookie it was issued for: a copy next to another token is ignored.
    if (!safeEqual(session.tokenHash, tokenHash)) return null;
    return { session, individual };
  }

  /**
   * Opens a copy, memoised by its exact cookie value. Security: only copies that authenticated
   * (AES-GCM) are memoised, keyed by the whole sealed string, so a forged or edited value is a
   * different key, misses, and is opened (and refused) as before; the memo holds the result of a
   * pure function of that string and the fixed keys. Freshness is re-checked on every hit against
   * the sealed expiry, and an expired entry is dropped: the memo never makes a copy live longer than
   * its own sealed `e`, so revocation is honoured within the max age exactly as without it. Records
   * are rebuilt per request from the memoised payload, so no caller can alter what the next sees.
   */
  private open(raw: string, nowMs: number): OpenedCopy | null {
    let opened = this.memo.get(raw);
    if (opened === undefined) {
      const data = asObject(this.box.open(raw));
      if (data === null || data['v'] !== 1) return null;
      const cachedUntil = data['e'];
      if (typeof cachedUntil !== 'number') return null;
      opened = { data, cachedUntil };
      if (cachedUntil > nowMs) this.memo.set(raw, opened);
    }
    // Fresh only while the copy is unexpired (the session's own expiry is checked by the caller).
    if (opened.cachedUntil <= nowMs) {
      this.memo.delete(raw);
      return null;
    }
    return opened;
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
