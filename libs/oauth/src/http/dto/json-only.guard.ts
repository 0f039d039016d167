import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { OAuthError } from '../../errors/oauth-error.js';
import { requestHeader } from '../http-adapter.js';

interface RequestWithBody {
  body?: unknown;
}

/** `application/json` with optional parameters (charset): the one type the body parser reads. */
export function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  return value.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/**
 * CSRF defence of the POST routes: JSON bodies only. A cross-site HTML form can only send
 * urlencoded, multipart or text/plain bodies, and a cross-site `fetch` with
 * `Content-Type: application/json` triggers a CORS preflight that we never approve. So a request
 * that reaches us with a JSON body came from a same-origin script (or a non-browser client), not
 * from a page tricking the browser into sending the session cookie. Runs as a guard, before the
 * validation pipe, so a form post is refused whatever it contains.
 */
@Injectable()
export class JsonOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithBody>();
    if (!isJsonContentType(requestHeader(request, 'content-type'))) {
      throw new OAuthError('invalid_request', 'request body must be JSON (Content-Type: application/json)');
    }
    const body = request.body;
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
      throw new OAuthError('invalid_request', 'request body must be a JSON object');
    }
    return true;
  }
}
