import { Controller, HttpCode, Inject, Post, Req, Res, type Type } from '@nestjs/common';
import { SessionService } from '../identity/session-service.js';
import type { ResolvedModuleOptions } from '../module/resolved-module-options.js';
import { OAUTH_OPTIONS } from '../module/tokens.js';
import { REDIRECT } from './dto/route-docs.js';
import { applyCookies, requestCookies, sendRedirect } from './http-adapter.js';
import { DocOperation, DocTags } from './openapi.js';

/** `POST <prefix>/sign-out`: ends the session (row deleted, cookie cleared) and redirects. */
export function createSessionController(prefix: string): Type<unknown> {
  @Controller(prefix)
  @DocTags('oauth session')
  class OAuthSessionController {
    constructor(
      @Inject(OAUTH_OPTIONS) private readonly options: ResolvedModuleOptions,
      private readonly sessions: SessionService,
    ) {}

    @Post('sign-out')
    @HttpCode(302)
    @DocOperation('Sign out: ends the session, clears the cookie and redirects', [REDIRECT])
    async signOut(@Req() request: unknown, @Res() response: unknown): Promise<void> {
      applyCookies(response, await this.sessions.end(requestCookies(request)));
      sendRedirect(response, 302, this.options.signoutRedirectUrl);
    }
  }
  return OAuthSessionController;
}
