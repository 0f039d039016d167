import { Body, Controller, Header, HttpCode, Param, Post, Req, Res, UseFilters, UseGuards, type Type } from '@nestjs/common';
import { CurrentIndividual } from '../decorators/current-individual.js';
import { AccountCookieService } from '../flow/accounts/account-cookie.js';
import { IdTokenFlow, type IdTokenInput } from '../flow/id-token/id-token-flow.js';
import { IdTokenNonces } from '../flow/id-token/id-token-nonce.js';
import { SessionGuard } from '../guards/session-guard.js';
import { SessionService } from '../identity/session-service.js';
import type { IndividualRecord } from '../persistence/records.js';
import { ProviderRegistry } from '../providers/provider-registry.js';
import { serializeIndividual, type IdTokenSignInResponse, type NonceResponse, type StatusResponse } from './account-responses.js';
import { IdTokenRequestDto } from './dto/id-token-request.dto.js';
import { JsonOnlyGuard } from './dto/json-only.guard.js';
import { IdTokenSignInResponseDoc, NonceResponseDoc, StatusResponseDoc } from './dto/response-docs.js';
import { BAD_REQUEST, NOT_AUTHENTICATED, PROVIDER_UNAVAILABLE, UNKNOWN_PROVIDER, ok } from './dto/route-docs.js';
import { OAuthExceptionFilter } from './oauth-exception.filter.js';
import { strictValidationPipe } from './dto/validation.js';
import { applyCookies, requestCookies, requestMetadata } from './http-adapter.js';
import { DocJsonBody, DocOperation, DocProviderParam, DocSessionCookie, DocTags } from './openapi.js';

function toDate(value: string | null | undefined): Date | null {
  return value === null || value === undefined ? null : new Date(value);
}

function toInput(body: IdTokenRequestDto): IdTokenInput {
  return {
    idToken: body.idToken,
    nonce: body.nonce ?? null,
    accessToken: body.accessToken ?? null,
    refreshToken: body.refreshToken ?? null,
    accessTokenExpiresAt: toDate(body.accessTokenExpiresAt),
    refreshTokenExpiresAt: toDate(body.refreshTokenExpiresAt),
    tokenType: body.tokenType ?? null,
    scope: body.scope ?? null,
    scopes: body.scopes ?? null,
    requestSignUp: body.requestSignUp ?? false,
  };
}

/**
 * Builds the direct ID-token routes (spec §4.3, §4.4, §8) under the configured prefix. JSON only
 * (JsonOnlyGuard): sign-in sets a session cookie, so a cross-site form must not be able to post
 * here (login CSRF); link acts on the signed-in individual (classic CSRF).
 */
export function createIdTokenController(prefix: string): Type<unknown> {
  @Controller(`${prefix}/provider/:providerId`)
  // The library answers its own routes only (not the app's: no global filter).
  @UseFilters(OAuthExceptionFilter)
  @DocTags('oauth id-token')
  @DocProviderParam()
  class OAuthIdTokenController {
    constructor(
      private readonly registry: ProviderRegistry,
      private readonly flow: IdTokenFlow,
      private readonly accountCookies: AccountCookieService,
      private readonly sessions: SessionService,
      private readonly nonces: IdTokenNonces,
    ) {}

    /** A one-time nonce for a direct ID-token sign-in (required with `requireServerNonce`). */
    @Post('nonce')
    @HttpCode(200)
    @Header('Cache-Control', 'no-store')
    @DocOperation('Get a one-time nonce to pass to the provider SDK and send back with the ID token', [
      ok(NonceResponseDoc, 'A nonce, valid once for 10 minutes'),
      UNKNOWN_PROVIDER,
    ])
    nonce(@Param('providerId') providerId: string): NonceResponse {
      const runtime = this.registry.get(providerId);
      const issued = this.nonces.issue(runtime.config.id);
      return { nonce: issued.nonce, expiresAt: issued.expiresAt.toISOString() };
    }

    /** The response carries the session token: never cached. */
    @Post('signin/id-token')
    @HttpCode(200)
    @Header('Cache-Control', 'no-store')
    @UseGuards(JsonOnlyGuard)
    @DocOperation(
      'Sign in with an ID token obtained by the client',
      [ok(IdTokenSignInResponseDoc, 'Signed in; also sets the session cookie'), BAD_REQUEST, UNKNOWN_PROVIDER, PROVIDER_UNAVAILABLE],
      'The token is verified against the provider keys, issuer, audience and (when sent) nonce.',
    )
    @DocJsonBody(IdTokenRequestDto)
    async signIn(
      @Param('providerId') providerId: string,
      @Body(strictValidationPipe()) body: IdTokenRequestDto,
      @Req() request: unknown,
      @Res({ passthrough: true }) response: unknown,
    ): Promise<IdTokenSignInResponse> {
      const runtime = this.registry.get(providerId);
      const result = await this.flow.signInWithIdToken(runtime, toInput(body), request, requestMetadata(request));
      await this.sessions.endPrevious(requestCookies(request), result.session);
      applyCookies(response, [result.session.cookie, ...this.accountCookies.write(runtime, result.account)]);
      return { redirect: false, token: result.session.token, individual: serializeIndividual(result.individual) };
    }

    /** Spec §8.2: `requestSignUp` is accepted but has no meaning for a link. */
    @Post('link/id-token')
    @HttpCode(200)
    @Header('Cache-Control', 'no-store')
    @UseGuards(SessionGuard, JsonOnlyGuard)
    @DocOperation('Link an account to the signed-in individual with an ID token', [
      ok(StatusResponseDoc, 'Linked'),
      BAD_REQUEST,
      NOT_AUTHENTICATED,
      UNKNOWN_PROVIDER,
      PROVIDER_UNAVAILABLE,
    ])
    @DocJsonBody(IdTokenRequestDto)
    @DocSessionCookie()
    async link(
      @Param('providerId') providerId: string,
      @CurrentIndividual() individual: IndividualRecord,
      @Body(strictValidationPipe()) body: IdTokenRequestDto,
      @Req() request: unknown,
      @Res({ passthrough: true }) response: unknown,
    ): Promise<StatusResponse> {
      const runtime = this.registry.get(providerId);
      const account = await this.flow.linkWithIdToken(runtime, individual.id, toInput(body), request);
      applyCookies(response, this.accountCookies.write(runtime, account));
      return { status: true, redirect: false };
    }
  }
  return OAuthIdTokenController;
}
