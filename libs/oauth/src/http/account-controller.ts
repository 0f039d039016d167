import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, UseGuards, type Type } from '@nestjs/common';
import { CurrentIndividual } from '../decorators/current-individual.js';
import { OAuthError } from '../errors/oauth-error.js';
import { AccountOperations } from '../flow/account-operations.js';
import { SessionGuard } from '../guards/session-guard.js';
import type { IndividualRecord } from '../persistence/records.js';
import { ProviderRegistry } from '../providers/provider-registry.js';
import {
  serializeAccount,
  serializeAccountInfo,
  serializeRefreshedAccount,
  serializeTokenSet,
  type AccountInfoResponse,
  type AccountResponse,
  type RefreshTokenResponse,
  type StatusResponse,
  type TokenResponse,
} from './account-responses.js';
import { JsonOnlyGuard } from './dto/json-only.guard.js';
import { ProviderAccountRequestDto, providerAccountIdFromQuery } from './dto/provider-account-request.dto.js';
import { strictValidationPipe } from './dto/validation.js';

/**
 * Builds the linked-account routes (spec §4.5–4.9) under the configured prefix. Every route acts on
 * the signed-in individual only: the individual comes from the session, never from the request.
 * Without `providerAccountId` the individual's only account with the provider is used.
 */
export function createAccountController(prefix: string): Type<unknown> {
  @Controller(`${prefix}/provider/:providerId`)
  @UseGuards(SessionGuard)
  class OAuthAccountController {
    constructor(
      private readonly registry: ProviderRegistry,
      private readonly accounts: AccountOperations,
    ) {}

    @Get('accounts')
    @Header('Cache-Control', 'no-store')
    async list(
      @Param('providerId') providerId: string,
      @CurrentIndividual() individual: IndividualRecord,
    ): Promise<{ accounts: AccountResponse[] }> {
      const runtime = this.registry.get(providerId);
      const accounts = await this.accounts.listAccounts(runtime, individual.id);
      return { accounts: accounts.map(serializeAccount) };
    }

    @Post('unlink')
    @HttpCode(200)
    @UseGuards(JsonOnlyGuard)
    async unlink(
      @Param('providerId') providerId: string,
      @CurrentIndividual() individual: IndividualRecord,
      @Body(strictValidationPipe()) body: ProviderAccountRequestDto,
    ): Promise<StatusResponse> {
      const runtime = this.registry.get(providerId);
      const status = await this.accounts.unlinkAccount(runtime, individual.id, body.providerAccountId ?? null);
      return { status, redirect: false };
    }

    /** Spec §4.7: auto-refreshes a token that expires within 30 s. Tokens: never cached. */
    @Post('access-token')
    @HttpCode(200)
    @Header('Cache-Control', 'no-store')
    @UseGuards(JsonOnlyGuard)
    async accessToken(
      @Param('providerId') providerId: string,
      @CurrentIndividual() individual: IndividualRecord,
      @Body(strictValidationPipe()) body: ProviderAccountRequestDto,
    ): Promise<TokenResponse> {
      const runtime = this.registry.get(providerId);
      const account = await this.accounts.resolveAccount(runtime, individual.id, body.providerAccountId ?? null);
      const tokens = await this.accounts.tokenSet(runtime, individual.id, account.providerAccountId, true);
      return serializeTokenSet(runtime.config.id, account.providerAccountId, tokens);
    }

    /** Spec §4.8: always refreshes (de-duplicated with concurrent refreshes of the same account). */
    @Post('refresh-token')
    @HttpCode(200)
    @Header('Cache-Control', 'no-store')
    @UseGuards(JsonOnlyGuard)
    async refreshToken(
      @Param('providerId') providerId: string,
      @CurrentIndividual() individual: IndividualRecord,
      @Body(strictValidationPipe()) body: ProviderAccountRequestDto,
    ): Promise<RefreshTokenResponse> {
      const runtime = this.registry.get(providerId);
      const account = await this.accounts.refreshAccount(runtime, individual.id, body.providerAccountId ?? null);
      return serializeRefreshedAccount(account);
    }

    @Get('account-info')
    @Header('Cache-Control', 'no-store')
    async accountInfo(
      @Param('providerId') providerId: string,
      @CurrentIndividual() individual: IndividualRecord,
      @Query('providerAccountId') rawProviderAccountId: unknown,
    ): Promise<AccountInfoResponse> {
      const runtime = this.registry.get(providerId);
      const requested = providerAccountIdFromQuery(rawProviderAccountId);
      const account = await this.accounts.resolveAccount(runtime, individual.id, requested);
      const user = await this.accounts.accountInfo(runtime, individual.id, account.providerAccountId, true);
      if (user === null) throw new OAuthError('account_info_not_found', 'oauth account info not found');
      return serializeAccountInfo(runtime.config.id, account.providerAccountId, user);
    }
  }
  return OAuthAccountController;
}
