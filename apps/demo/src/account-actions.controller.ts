import { Controller, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentIndividual, OAuthClients, OAuthError, SessionGuard, type IndividualRecord } from '@belgie/nestjs-oauth';

/**
 * Form targets of the start page's "Refresh now" and "Unlink" buttons (plain HTML forms cannot send the
 * JSON the library's own routes expect). Cross-site form posts arrive without the SameSite=Lax session
 * cookie, so SessionGuard also stops CSRF here.
 */
@Controller('accounts/:provider/:providerAccountId')
@UseGuards(SessionGuard)
export class AccountActionsController {
  constructor(private readonly clients: OAuthClients) {}

  @Post('refresh')
  async refresh(
    @Param('provider') providerId: string,
    @Param('providerAccountId') providerAccountId: string,
    @CurrentIndividual() individual: IndividualRecord,
    @Res() response: Response,
  ): Promise<void> {
    const client = this.clients.getOrThrow(providerId);
    await this.thenHome(response, () => client.refreshAccount(individual.id, providerAccountId));
  }

  @Post('unlink')
  async unlink(
    @Param('provider') providerId: string,
    @Param('providerAccountId') providerAccountId: string,
    @CurrentIndividual() individual: IndividualRecord,
    @Res() response: Response,
  ): Promise<void> {
    const client = this.clients.getOrThrow(providerId);
    await this.thenHome(response, () => client.unlinkAccount(individual.id, providerAccountId));
  }

  /** Back to the start page; a coded failure (e.g. refresh_failed) is shown on the error page instead. */
  private async thenHome(response: Response, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      response.redirect(302, `/auth/error?error=${encodeURIComponent(error.code)}`);
      return;
    }
    response.redirect(302, '/');
  }
}
