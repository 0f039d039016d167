import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { applyHeaders, sendRedirect } from '../http/http-adapter.js';

/** Thrown by `LinkedAccountGuard` when the route asks to send the browser to the link flow instead of a 403. */
export class LinkRequiredRedirect extends Error {
  override readonly name = 'LinkRequiredRedirect';
  constructor(readonly location: string) {
    super('a linked account is required; redirecting to the link flow');
  }
}

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
