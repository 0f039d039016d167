import { Injectable } from '@nestjs/common';
import { applyCookies, requestCookies } from './http-adapter.js';
import { SessionService, type ActiveSession } from '../identity/session-service.js';

/** App-facing session helpers for code that is not behind `SessionGuard`. */
@Injectable()
export class OAuthSessions {
  constructor(private readonly sessions: SessionService) {}

  /** The live session of the request, or null. */
  async current(request: unknown): Promise<Omit<ActiveSession, 'cookies'> | null> {
    const active = await this.sessions.resolve(requestCookies(request));
    return active === null ? null : { session: active.session, individual: active.individual };
  }

  /** Deletes the request's session and clears its cookie on `response`. */
  async signOut(request: unknown, response: unknown): Promise<void> {
    applyCookies(response, await this.sessions.end(requestCookies(request)));
  }
}
