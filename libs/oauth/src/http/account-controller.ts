import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res, UseFilters, UseGuards, type Type } from '@nestjs/common';
import { CurrentIndividual } from '../decorators/current-individual.js';
import { OAuthError } from '../errors/oauth-error.js';
import { accountCookieContext } from '../flow/accounts/account-cookie.js';
import { AccountOperations } from '../flow/accounts/account-operations.js';
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
import {
  AccountInfoResponseDoc,
  AccountListResponseDoc,
  RefreshTokenResponseDoc,
  StatusResponseDoc,
  TokenResponseDoc,
} from './dto/response-docs.js';
import { BAD_REQUEST, NOT_AUTHENTICATED, PROVIDER_UNAVAILABLE, UNKNOWN_PROVIDER, ok } from './dto/route-docs.js';
import { OAuthExceptionFilter } from './oauth-exception.filter.js';
import { strictValidationPipe } from './dto/validation.js';
import { applyCookies, requestCookies } from './http-adapter.js';
import { DocJsonBody, DocOperation, DocProviderParam, DocQuery, DocSessionCookie, DocTags } from './openapi.js';

const GUARDED = [NOT_AUTHENTICATED, UNKNOWN_PROVIDER] as const;

/**
 * Builds the linked-account routes (spec §4.5–4.9) under the configured prefix. Every route acts on
 * the signed-in individual only: the individual comes from the session, never from the request.
 * Without `providerAccountId`: the account cookie's account (when enabled), else the individual's
 * only account with the provider.
 */
export function createAccountController(prefix: string): Type<unknown> {
  @Controller(`${prefix}/provider/:providerId`)
  // The library answers its own routes only (not the app's: no global filter).
  @UseFilters(OAuthExceptionFilter)
  @UseGuards(SessionGuard)
  @DocTags('oauth accounts')
  @DocSessionCookie()
  @DocProviderParam()
  class OAuthAccountController {
    constructor(
      private readonly registry: ProviderRegistry,
      private readonly accounts: AccountOperations,
    ) {}

    @Get('accounts')
    @Header('Cache-Control', 'no-store')
    @DocOperation('List the linked accounts of the signed-in individual', [
      ok(AccountListResponseDoc, 'Accounts with token presence flags (never the tokens)'),
      ...GUARDED,
    ])
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
    @DocOperation('Unlink an account', [ok(StatusResponseDoc, '`status: false` when no such account was linked'), BAD_REQUEST, ...GUARDED])
    @DocJsonBody(ProviderAccountRequestDto)
    async unlink(
      @Param('providerId') providerId: string,
      @CurrentIndividual() individual: IndividualRecord,
      @Body(strictValidationPipe()) body: ProviderAccountRequestDto,
      @Req() request: unknown,
      @Res({ passthrough: true }) response: unknown,
    ): Promise<StatusResponse> {
      const runtime = this.registry.get(providerId);
      const cookies = accountCookieContext(requestCookies(request));
      const status = await this.accounts.unlinkAccount(runtime, individual.id, body.providerAccountId ?? null, cookies);
      applyCookies(response, cookies.responseCookies);
      return { status, redirect: false };
    }

    /** Spec §4.7: auto-refreshes a token that expires within 30 s. Tokens: never cached. */
    @Post('access-token')
    @HttpCode(200)
    @Header('Cache-Control', 'no-store')
    @UseGuards(JsonOnlyGuard)
    @DocOperation(
      'Get the access token of a linked account',
      [ok(TokenResponseDoc, 'The stored token set'), BAD_REQUEST, ...GUARDED, PROVIDER_UNAVAILABLE],
      'Refreshes first when the token expires within 30 seconds.',
    )
    @DocJsonBody(ProviderAccountRequestDto)
    async accessToken(
      @Param('providerId') providerId: string,
      @CurrentIndividual() individual: IndividualRecord,
      @Body(strictValidationPipe()) body: ProviderAccountRequestDto,
      @Req() request: unknown,
      @Res({ passthrough: true }) response: unknown,
    ): Promise<TokenResponse> {
      const runtime = this.registry.get(providerId);
      const cookies = accountCookieContext(requestCookies(request));
      const { account, tokens } = await this.accounts.accountTokenSet(runtime, individual.id, body.providerAccountId ?? null, true, cookies);
      applyCookies(response, cookies.responseCookies);
      return serializeTokenSet(runtime.config.id, account.providerAccountId, tokens);
    }

    /** Spec §4.8: always refreshes (de-duplicated with concurrent refreshes of the same account). */
    @Post('refresh-token')
    @HttpCode(200)
    @Header('Cache-Control', 'no-store')
    @UseGuards(JsonOnlyGuard)
    @DocOperation('Refresh the tokens of a linked account now', [
      ok(RefreshTokenResponseDoc, 'The refreshed token set'),
      BAD_REQUEST,
      ...GUARDED,
      PROVIDER_UNAVAILABLE,
    ])
    @DocJsonBody(ProviderAccountRequestDto)
    async refreshToken(
      @Param('providerId') providerId: string,
      @CurrentIndividual() individual: IndividualRecord,
      @Body(strictValidationPipe()) body: ProviderAccountRequestDto,
      @Req() request: unknown,
      @Res({ passthrough: true }) response: unknown,
    ): Promise<RefreshTokenResponse> {
      const runtime = this.registry.get(providerId);
      const cookies = accountCookieContext(requestCookies(request));
      const account = await this.accounts.refreshAccount(runtime, individual.id, body.providerAccountId ?? null, cookies);
      applyCookies(response, cookies.responseCookies);
      return serializeRefreshedAccount(account);
    }

    @Get('account-info')
    @Header('Cache-Control', 'no-store')
    @DocOperation('Fetch the profile of a linked account from the provider', [
      ok(AccountInfoResponseDoc, 'Profile fetched with the stored access token'),
      BAD_REQUEST,
      ...GUARDED,
      PROVIDER_UNAVAILABLE,
    ])
    @DocQuery('providerAccountId', 'Which linked account; omitted = the only account with this provider')
    async accountInfo(
      @Param('providerId') providerId: string,
      @CurrentIndividual() individual: IndividualRecord,
      @Query('providerAccountId') rawProviderAccountId: unknown,
      @Req() request: unknown,
      @Res({ passthrough: true }) response: unknown,
    ): Promise<AccountInfoResponse> {
      const runtime = this.registry.get(providerId);
      const requested = providerAccountIdFromQuery(rawProviderAccountId);
      const cookies = accountCookieContext(requestCookies(request));
      const account = await this.accounts.resolveAccount(runtime, individual.id, requested, cookies);
      const user = await this.accounts.accountInfo(runtime, individual.id, account.providerAccountId, true, cookies);
      applyCookies(response, cookies.responseCookies);
      if (user === null) throw new OAuthError('account_info_not_found', 'oauth account info not found');
      return serializeAccountInfo(runtime.config.id, account.providerAccountId, user);
    }
  }
  return OAuthAccountController;
}
