import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { OAuthError } from '../errors/oauth-error.js';
import { applyCookies, requestCookies } from '../http/http-adapter.js';
import { SessionService, type ActiveSession } from '../identity/session-service.js';

export interface RequestWithSession {
  oauthSession?: Omit<ActiveSession, 'cookies'>;
}

/** Requires a live session; answers 401 `not_authenticated` otherwise. Renews the sliding cookie (and the session cache copy, when on). */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(private readonly sessions: SessionService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<RequestWithSession>();
    // Already resolved for this request (SessionGuard on the controller and again through
    // @RequireLinkedAccount on the route): one session lookup per request, not one per guard.
    if (request.oauthSession !== undefined) return true;
    const active = await this.sessions.resolve(requestCookies(request));
    if (active === null) throw new OAuthError('not_authenticated', 'not authenticated');
    applyCookies(http.getResponse<unknown>(), active.cookies);
    request.oauthSession = { session: active.session, individual: active.individual };
    return true;
  }
}
