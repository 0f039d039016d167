import { Controller, HttpCode, Inject, Post, Req, Res, UseFilters, UseGuards, type Type } from '@nestjs/common';
import { SameOriginGuard } from '../guards/same-origin.guard.js';
import { SessionService } from '../identity/session-service.js';
import type { RedirectSettings } from '../options/settings.js';
import { OAUTH_REDIRECT_SETTINGS } from '../options/tokens.js';
import { CROSS_SITE, REDIRECT } from './dto/route-docs.js';
import { applyCookies, requestCookies, sendRedirect } from './http-adapter.js';
import { OAuthExceptionFilter } from './oauth-exception.filter.js';
import { DocOperation, DocTags } from './openapi.js';

/** `POST <prefix>/sign-out`: ends the session (row deleted, cookie cleared) and redirects. */
export function createSessionController(prefix: string): Type<unknown> {
  @Controller(prefix)
  // The library answers its own routes only (not the app's: no global filter).
  @UseFilters(OAuthExceptionFilter)
  @DocTags('oauth session')
  class OAuthSessionController {
    constructor(
      @Inject(OAUTH_REDIRECT_SETTINGS) private readonly options: RedirectSettings,
      private readonly sessions: SessionService,
    ) {}

    @Post('sign-out')
    @HttpCode(302)
    // Accepts form posts (a plain HTML sign-out button), so cross-site requests are refused here.
    @UseGuards(SameOriginGuard)
    @DocOperation('Sign out: ends the session, clears the cookie and redirects', [REDIRECT, CROSS_SITE])
    async signOut(@Req() request: unknown, @Res() response: unknown): Promise<void> {
      applyCookies(response, await this.sessions.end(requestCookies(request)));
      sendRedirect(response, 302, this.options.signOutRedirectUrl);
    }
  }
  return OAuthSessionController;
}
