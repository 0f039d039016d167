import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { OAuthError } from '../errors/oauth-error.js';
import { oauthHttpException } from '../http/error-status.js';
import { applyCookies, requestCookies } from '../http/http-adapter.js';
import { SessionService, type ActiveSession } from '../identity/session-service.js';

/** The signed-in individual and session a guard puts on the request (`@CurrentIndividual()` reads it). */
export type SignedInSession = Omit<ActiveSession, 'cookies'>;

export interface RequestWithSession {
  oauthSession?: SignedInSession;
}

/**
 * Requires a live session; answers 401 `not_authenticated` otherwise. Renews the sliding cookie (and the session cache copy, when on).
 *
 * Override points, like Passport's `AuthGuard` (extend the class, then `@UseGuards(YourGuard)`):
 * - `getRequest` / `getResponse`: where the request (with its cookies) and the response are, for
 *   contexts other than plain HTTP (GraphQL: `GqlExecutionContext.create(context).getContext().req`).
 * - `handleRequest`: decides with the resolved session (`null` when signed out). Return it to let the
 *   request through, return `null` to let an anonymous request through, or throw your own exception.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(protected readonly sessions: SessionService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = this.getRequest(context);
    // Already resolved for this request (SessionGuard on the controller and again through
    // @RequireLinkedAccount on the route): one session lookup per request, not one per guard.
    if (request.oauthSession !== undefined) return true;
    const active = await this.sessions.resolve(requestCookies(request));
    if (active !== null && active.cookies.length > 0) applyCookies(this.getResponse(context), active.cookies);
    const signedIn = this.handleRequest(active === null ? null : { session: active.session, individual: active.individual }, context);
    if (signedIn !== null) request.oauthSession = signedIn;
    return true;
  }

  getRequest(context: ExecutionContext): RequestWithSession {
    return context.switchToHttp().getRequest<RequestWithSession>();
  }

  getResponse(context: ExecutionContext): unknown {
    return context.switchToHttp().getResponse<unknown>();
  }

  /** Default: a request without a live session is refused with 401 `not_authenticated`. */
  handleRequest(signedIn: SignedInSession | null, _context: ExecutionContext): SignedInSession | null {
    if (signedIn === null) throw oauthHttpException(new OAuthError('not_authenticated', 'not authenticated'));
    return signedIn;
  }
}
