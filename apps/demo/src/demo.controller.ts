import { Controller, Get, Header, Param, Post, Query, Redirect, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  CurrentIndividual,
  OAuthClients,
  OAuthSessions,
  SameOriginGuard,
  SessionGuard,
  type IndividualRecord,
  type OAuthStartRedirect,
} from '@belgie/nestjs-oauth';
import { toAccountView, toIndividualView, type AccountView, type IndividualView } from './account-view.js';
import { renderErrorPage } from './pages/error-page.js';
import { renderHomePage } from './pages/home-page.js';
import { renderWelcomePage } from './pages/welcome-page.js';

export interface MeResponse {
  individual: IndividualView;
  accounts: AccountView[];
}

const HTML = 'text/html; charset=utf-8';

/** The demo's own routes (see shared/design/demo-contract.md); the library's live under /auth/provider. */
@Controller()
export class DemoController {
  constructor(
    private readonly clients: OAuthClients,
    private readonly sessions: OAuthSessions,
  ) {}

  @Get()
  @Header('Content-Type', HTML)
  // Personal data when signed in: never cache.
  @Header('Cache-Control', 'no-store')
  async home(@Req() request: Request): Promise<string> {
    const current = await this.sessions.current(request);
    const signedIn =
      current === null
        ? null
        : { individual: toIndividualView(current.individual), accounts: await this.accountsOf(current.individual.id) };
    return renderHomePage({ providerIds: this.clients.ids(), signedIn });
  }

  /** One-hop start: the state cookies and the redirect to the provider in this one response. */
  @Get('login/:provider')
  @Redirect()
  login(
    @Param('provider') providerId: string,
    @Query('return_to') returnTo: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OAuthStartRedirect> {
    return this.clients.getOrThrow(providerId).startSignIn(response, {
      // The library keeps only same-origin targets, so a hostile return_to falls back to the default.
      returnTo: typeof returnTo === 'string' ? returnTo : undefined,
      errorRedirectUrl: '/auth/error',
      newUserRedirectUrl: '/welcome',
    });
  }

  @Get('link/:provider')
  @UseGuards(SessionGuard)
  @Redirect()
  link(
    @Param('provider') providerId: string,
    @Query('return_to') returnTo: unknown,
    @CurrentIndividual() individual: IndividualRecord,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OAuthStartRedirect> {
    return this.clients.getOrThrow(providerId).startLink(response, {
      individualId: individual.id,
      returnTo: typeof returnTo === 'string' ? returnTo : undefined,
      errorRedirectUrl: '/auth/error',
    });
  }

  @Get('me')
  @UseGuards(SessionGuard)
  @Header('Cache-Control', 'no-store')
  async me(@CurrentIndividual() individual: IndividualRecord): Promise<MeResponse> {
    return { individual: toIndividualView(individual), accounts: await this.accountsOf(individual.id) };
  }

  @Get('auth/error')
  @Header('Content-Type', HTML)
  error(@Query('error') code: unknown): string {
    return renderErrorPage(typeof code === 'string' ? code : null);
  }

  @Get('welcome')
  @Header('Content-Type', HTML)
  welcome(): string {
    return renderWelcomePage();
  }

  @Post('logout')
  // A form post: refuse cross-site requests (Sec-Fetch-Site / Origin), not only through SameSite.
  @UseGuards(SameOriginGuard)
  async logout(@Req() request: Request, @Res() response: Response): Promise<void> {
    await this.sessions.signOut(request, response);
    response.redirect(302, '/');
  }

  private async accountsOf(individualId: string): Promise<AccountView[]> {
    const perProvider = await Promise.all(
      this.clients.ids().map(async (id) => (await this.clients.getOrThrow(id).listAccounts(individualId)).map(toAccountView)),
    );
    return perProvider.flat();
  }
}
