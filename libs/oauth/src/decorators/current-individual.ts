import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { OAuthError } from '../errors/oauth-error.js';
import type { RequestWithSession } from '../guards/session-guard.js';

function sessionOf(context: ExecutionContext): NonNullable<RequestWithSession['oauthSession']> {
  const session = context.switchToHttp().getRequest<RequestWithSession>().oauthSession;
  // Used without SessionGuard: fail closed rather than hand the handler an undefined individual.
  if (!session) throw new OAuthError('not_authenticated', 'not authenticated');
  return session;
}

/** The signed-in individual (requires `SessionGuard` on the route). */
export const CurrentIndividual = createParamDecorator((_data: unknown, context: ExecutionContext) => sessionOf(context).individual);

/** The current session record (requires `SessionGuard` on the route). */
export const CurrentSession = createParamDecorator((_data: unknown, context: ExecutionContext) => sessionOf(context).session);
