import { Controller, Get, Param, Post, Query, Req, Res, UseFilters, type Type } from '@nestjs/common';
import { OAuthError } from '../errors/oauth-error.js';
import { CallbackFlow } from '../flow/sign-in/callback-flow.js';
import { ProviderRegistry } from '../providers/provider-registry.js';
import { StartFlow } from '../flow/sign-in/start-flow.js';
import { applyCookies, applyHeaders, requestCookies, requestMetadata, sendRedirect } from './http-adapter.js';
import { writeStartedFlow } from './start-response.js';
import { FLOW_RESPONSE_HEADERS } from './security-headers.js';
import { BAD_REQUEST, REDIRECT, UNKNOWN_PROVIDER } from './dto/route-docs.js';
import { OAuthExceptionFilter } from './oauth-exception.filter.js';
import { DocOperation, DocProviderParam, DocQuery, DocTags } from './openapi.js';

const CALLBACK_DESCRIPTION = 'Called by the provider; every outcome, including errors, is a redirect.';

interface FlowRequest {
  method: string;
  query?: Record<string, unknown>;
  body?: unknown;
  oauthState?: unknown;
}

function formBody(body: unknown): Record<string, unknown> | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}

/** Builds the provider routes controller under the configured prefix (thin: parse, call the flow, write). */
export function createProviderController(prefix: string): Type<unknown> {
  @Controller(`${prefix}/provider/:providerId`)
  // The library answers its own routes only (not the app's: no global filter).
  @UseFilters(OAuthExceptionFilter)
  @DocTags('oauth browser flow')
  @DocProviderParam()
  class OAuthProviderController {
    constructor(
      private readonly registry: ProviderRegistry,
      private readonly callbacks: CallbackFlow,
      private readonly starts: StartFlow,
    ) {}

    /**
     * Spec §4.1: the trampoline sets the state cookies on our origin, then leaves for the provider.
     * Security: the state is created here, for this browser only; the token carries just the options,
     * so a start URL opened by two browsers starts two unrelated flows (no login CSRF through it).
     */
    @Get('start')
    @DocOperation(
      'Start a flow (browser navigation)',
      [REDIRECT, BAD_REQUEST, UNKNOWN_PROVIDER],
      'Reached through a URL made by OAuthClient.signInUrl/linkUrl; sets the state cookies and redirects to the provider.',
    )
    @DocQuery('token', 'Sealed start token from signInUrl/linkUrl')
    async start(@Param('providerId') providerId: string, @Query('token') token: unknown, @Res() response: unknown): Promise<void> {
      const runtime = this.registry.get(providerId);
      if (typeof token !== 'string' || token === '') throw new OAuthError('invalid_start_token', 'invalid OAuth start token');
      const started = writeStartedFlow(response, await this.starts.openStartUrl(runtime, token));
      sendRedirect(response, started.statusCode, started.url);
    }

    @Get('callback')
    @DocOperation('Authorization response (query mode)', [REDIRECT, UNKNOWN_PROVIDER], CALLBACK_DESCRIPTION)
    callbackGet(@Param('providerId') providerId: string, @Req() request: FlowRequest, @Res() response: unknown): Promise<void> {
      return this.callback(providerId, request, response);
    }

    @Post('callback')
    @DocOperation('Authorization response (form_post mode)', [REDIRECT, UNKNOWN_PROVIDER], CALLBACK_DESCRIPTION)
    callbackPost(@Param('providerId') providerId: string, @Req() request: FlowRequest, @Res() response: unknown): Promise<void> {
      return this.callback(providerId, request, response);
    }

    private async callback(providerId: string, request: FlowRequest, response: unknown): Promise<void> {
      const runtime = this.registry.get(providerId);
      applyHeaders(response, FLOW_RESPONSE_HEADERS);
      const outcome = await this.callbacks.handle({
        runtime,
        method: request.method.toUpperCase(),
        query: request.query ?? {},
        form: request.method.toUpperCase() === 'POST' ? formBody(request.body) : undefined,
        cookies: requestCookies(request),
        // Our own configured URL (the runtime's redirect_uri), never the Host header: the re-dispatch
        // target must stay on our origin.
        requestUrl: runtime.redirectUri,
        request,
        meta: requestMetadata(request),
      });
      request.oauthState = outcome.state;
      applyCookies(response, outcome.cookies);
      sendRedirect(response, outcome.status, outcome.location);
    }
  }
  return OAuthProviderController;
}
