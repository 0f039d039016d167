import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { LinkRequiredRedirect } from '../errors/link-required-redirect.js';
import { applyHeaders, sendRedirect } from '../http/http-adapter.js';

/** Turns `LinkRequiredRedirect` into a 302 (guards cannot answer with a redirect themselves). */
@Catch(LinkRequiredRedirect)
export class LinkRedirectFilter implements ExceptionFilter {
  catch(redirect: LinkRequiredRedirect, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<unknown>();
    // The location carries a one-time start token: never cache it.
    applyHeaders(response, { 'cache-control': 'no-store' });
    sendRedirect(response, 302, redirect.location);
  }
}
