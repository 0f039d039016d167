import { Inject, Injectable } from '@nestjs/common';
import type { Keyring } from '../crypto/keyring.js';
import { randomToken, sha256Hex } from '../crypto/random.js';
import { cookie, expiredCookie, type ResponseCookie } from '../common/cookie-header.js';
import type { Clock } from '../common/clock.js';
import type { SessionSettings } from '../options/settings.js';
import { OAUTH_CLOCK, OAUTH_KEYRING, OAUTH_SESSION_SETTINGS } from '../options/tokens.js';
import { OAuthRepository } from '../persistence/oauth-repository.js';
import type { IndividualRecord, SessionRecord } from '../persistence/records.js';
import { SessionCache } from './session-cache.js';

export interface RequestMetadata {
  ipAddress: string | null;
  userAgent: string | null;
}

export interface ActiveSession {
  session: SessionRecord;
  individual: IndividualRecord;
  /** Cookies to send back: the renewed session cookie when the sliding expiry moved, a fresh cache copy. */
  cookies: ResponseCookie[];
}

export interface CreatedSession {
  session: SessionRecord;
  /** The opaque token; only its hash is stored, so a database leak yields no usable sessions. */
  token: string;
  cookie: ResponseCookie;
}

/**
 * The module's minimal identity core: opaque session tokens, hashed at rest, a sliding expiry capped by
 * an absolute lifetime (a stolen or forgotten session cannot be kept alive forever by use alone).
 */
@Injectable()
export class SessionService {
  /** The signed session cache (`session.cache`), or null when it is off. */
  private readonly cache: SessionCache | null;

  constructor(
    @Inject(OAUTH_SESSION_SETTINGS) private readonly options: SessionSettings,
    @Inject(OAUTH_CLOCK) private readonly clock: Clock,
    private readonly repository: OAuthRepository,
    @Inject(OAUTH_KEYRING) keyring: Keyring,
  ) {
    const maxAgeSeconds = options.sessionCacheMaxAgeSeconds;
    this.cache =
      maxAgeSeconds === null
        ? null
        : new SessionCache(keyring.box('session-cache'), { sessionCookieName: options.sessionCookieName, maxAgeSeconds, cookies: options.cookies });
  }

  /** Creates a session through `repository` (pass the transaction's repository inside one). */
  async create(repository: OAuthRepository, individualId: string, meta: RequestMetadata): Promise<CreatedSession> {
    const token = randomToken(32);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + Math.min(this.options.sessionMaxAgeSeconds, this.options.sessionAbsoluteMaxAgeSeconds) * 1000);
    const session = await repository.createSession({
      tokenHash: sha256Hex(token),
      individualId,
      expiresAt,
      ipAddress: meta.ipAddress,
      userAgent: meta.userAgent,
    });
    return { session, token, cookie: this.cookieFor(token, expiresAt, now) };
  }

  /** Resolves the session cookie to a live session and its individual, extending it when due. */
  async resolve(cookies: Record<string, string>): Promise<ActiveSession | null> {
    const token = cookies[this.options.sessionCookieName];
    if (!token) return null;
    const tokenHash = sha256Hex(token);
    const now = this.clock.now();
    const cached = this.cache?.read(cookies, tokenHash, now.getTime()) ?? null;
    // A cached copy never outlives the session's absolute lifetime.
    if (cached !== null && now.getTime() < this.absoluteEndOf(cached.session)) return { ...cached, cookies: [] };
    // One repository call (one query where the store can join): this runs on every signed-in request.
    const found = await this.repository.findSessionWithIndividual(tokenHash);
    if (found === null) return null;
    const { session, individual } = found;
    const absoluteEnd = this.absoluteEndOf(session);
    if (session.expiresAt.getTime() <= now.getTime() || absoluteEnd <= now.getTime()) {
      await this.repository.deleteSession(session.id);
      return null;
    }
    const maxAgeMs = this.options.sessionMaxAgeSeconds * 1000;
    const lastExtendedAt = session.expiresAt.getTime() - maxAgeMs;
    if (now.getTime() - lastExtendedAt < this.options.sessionUpdateAgeSeconds * 1000) {
      return { session, individual, cookies: this.cacheCookies({ session, individual }, now) };
    }
    // Sliding, but never past the absolute end.
    const expiresAt = new Date(Math.min(now.getTime() + maxAgeMs, absoluteEnd));
    if (expiresAt.getTime() <= session.expiresAt.getTime()) return { session, individual, cookies: this.cacheCookies({ session, individual }, now) };
    await this.repository.extendSession(session.id, expiresAt);
    const extended = { session: { ...session, expiresAt }, individual };
    return { ...extended, cookies: [this.cookieFor(token, expiresAt, now), ...this.cacheCookies(extended, now)] };
  }

  /**
   * Session fixation: a sign-in in a browser that already holds a session ends that session, so a
   * session planted in (or left behind in) the browser does not outlive the new sign-in.
   */
  async endPrevious(cookies: Record<string, string>, current: CreatedSession): Promise<void> {
    const token = cookies[this.options.sessionCookieName];
    // A different token is a different row (the token hash is unique), so the new session is never hit.
    if (!token || token === current.token) return;
    await this.deleteSessionOf(token);
  }

  /** Deletes the session named by the cookie (if any) and returns the cookies that clear it (and its cached copy). */
  async end(cookies: Record<string, string>): Promise<ResponseCookie[]> {
    const token = cookies[this.options.sessionCookieName];
    if (token) await this.deleteSessionOf(token);
    const cleared = expiredCookie(this.options.sessionCookieName, this.options.cookies);
    return this.cache === null ? [cleared] : [cleared, this.cache.clear()];
  }

  private async deleteSessionOf(token: string): Promise<void> {
    const session = await this.repository.findSessionByTokenHash(sha256Hex(token));
    if (session !== null) await this.repository.deleteSession(session.id);
  }

  private absoluteEndOf(session: SessionRecord): number {
    return session.createdAt.getTime() + this.options.sessionAbsoluteMaxAgeSeconds * 1000;
  }

  /** A fresh cached copy after a database read (none when the cache is off or the copy would not fit). */
  private cacheCookies(active: { session: SessionRecord; individual: IndividualRecord }, now: Date): ResponseCookie[] {
    const written = this.cache?.write(active, now.getTime()) ?? null;
    return written === null ? [] : [written];
  }

  private cookieFor(token: string, expiresAt: Date, now: Date): ResponseCookie {
    const seconds = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
    return cookie(this.options.sessionCookieName, token, seconds, this.options.cookies);
  }
}
