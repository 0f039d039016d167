import { Inject, Injectable } from '@nestjs/common';
import { randomToken, sha256Hex } from '../crypto/random.js';
import { cookie, expiredCookie, type ResponseCookie } from '../http/cookie-header.js';
import type { ResolvedModuleOptions } from '../module/resolved-module-options.js';
import { OAUTH_OPTIONS } from '../module/tokens.js';
import { OAuthRepository } from '../persistence/oauth-repository.js';
import type { IndividualRecord, SessionRecord } from '../persistence/records.js';

export interface RequestMetadata {
  ipAddress: string | null;
  userAgent: string | null;
}

export interface ActiveSession {
  session: SessionRecord;
  individual: IndividualRecord;
  /** Set when the sliding expiry moved: the cookie to send back. */
  renewedCookie: ResponseCookie | null;
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
  constructor(
    @Inject(OAUTH_OPTIONS) private readonly options: ResolvedModuleOptions,
    private readonly repository: OAuthRepository,
  ) {}

  /** Creates a session through `repository` (pass the transaction's repository inside one). */
  async create(repository: OAuthRepository, individualId: string, meta: RequestMetadata): Promise<CreatedSession> {
    const token = randomToken(32);
    const now = this.options.clock.now();
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
    // One repository call (one query where the store can join): this runs on every signed-in request.
    const found = await this.repository.findSessionWithIndividual(sha256Hex(token));
    const now = this.options.clock.now();
    if (found === null) return null;
    const { session, individual } = found;
    const absoluteEnd = session.createdAt.getTime() + this.options.sessionAbsoluteMaxAgeSeconds * 1000;
    if (session.expiresAt.getTime() <= now.getTime() || absoluteEnd <= now.getTime()) {
      await this.repository.deleteSession(session.id);
      return null;
    }
    const maxAgeMs = this.options.sessionMaxAgeSeconds * 1000;
    const lastExtendedAt = session.expiresAt.getTime() - maxAgeMs;
    if (now.getTime() - lastExtendedAt < this.options.sessionUpdateAgeSeconds * 1000) {
      return { session, individual, renewedCookie: null };
    }
    // Sliding, but never past the absolute end.
    const expiresAt = new Date(Math.min(now.getTime() + maxAgeMs, absoluteEnd));
    if (expiresAt.getTime() <= session.expiresAt.getTime()) return { session, individual, renewedCookie: null };
    await this.repository.extendSession(session.id, expiresAt);
    return { session: { ...session, expiresAt }, individual, renewedCookie: this.cookieFor(token, expiresAt, now) };
  }

  /**
   * Session fixation: a sign-in in a browser that already holds a session ends that session, so a
   * session planted in (or left behind in) the browser does not outlive the new sign-in.
   */
  async endPrevious(cookies: Record<string, string>, current: CreatedSession): Promise<void> {
    const token = cookies[this.options.sessionCookieName];
    if (!token || token === current.token) return;
    const session = await this.repository.findSessionByTokenHash(sha256Hex(token));
    if (session !== null && session.id !== current.session.id) await this.repository.deleteSession(session.id);
  }

  /** Deletes the session named by the cookie (if any) and returns the cookie that clears it. */
  async end(cookies: Record<string, string>): Promise<ResponseCookie> {
    const token = cookies[this.options.sessionCookieName];
    if (token) {
      const session = await this.repository.findSessionByTokenHash(sha256Hex(token));
      if (session !== null) await this.repository.deleteSession(session.id);
    }
    return expiredCookie(this.options.sessionCookieName, this.options.cookies);
  }

  private cookieFor(token: string, expiresAt: Date, now: Date): ResponseCookie {
    const seconds = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
    return cookie(this.options.sessionCookieName, token, seconds, this.options.cookies);
  }
}
