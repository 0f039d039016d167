import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JWTPayload } from 'jose';
import { ProviderCallbackError, UnroutableCallbackError } from '../../errors/callback-errors.js';
import { OAuthError } from '../../errors/oauth-error.js';
import type { ResponseCookie } from '../../common/cookie-header.js';
import { SessionService, type RequestMetadata } from '../../identity/session-service.js';
import type { Clock } from '../../common/clock.js';
import type { RedirectSettings } from '../../options/settings.js';
import { OAUTH_CLOCK, OAUTH_REDIRECT_SETTINGS } from '../../options/tokens.js';
import type { StateRecord } from '../../persistence/records.js';
import type { ProviderRuntime } from '../../providers/provider-runtime.js';
import type { OAuthTokenSet } from '../../transport/token-set.js';
import { AccountCookieService } from '../accounts/account-cookie.js';
import { callbackErrorCode, failedCheck, providerErrorOf, recode, repeatedProviderError } from '../shared/callback-errors.js';
import { collectCallbackParams, hasAnyParams, redispatchUrl, type RawParams } from './callback-params.js';
import type { OAuthHookContext } from '../../options/hooks.js';
import { LinkCompletion } from '../link/link-completion.js';
import { withErrorParameter } from './redirect-target.js';
import { SignInCompletion } from './signin-completion.js';
import type { OAuthUserInfo } from '../../providers/user-info.js';

export interface CallbackInput {
  runtime: ProviderRuntime;
  method: string;
  query: RawParams;
  form: RawParams | undefined;
  cookies: Record<string, string>;
  /** Absolute URL of this request (for the form_post re-dispatch). */
  requestUrl: string;
  request: unknown;
  meta: RequestMetadata;
}

export interface CallbackOutcome {
  status: 302 | 303;
  location: string;
  cookies: ResponseCookie[];
  /** The consumed state, for the request (`request.oauthState`). */
  state: StateRecord | null;
}

/** Spec §6.5–§6.8, in the spec's order, with the hardening of port-decisions. */
@Injectable()
export class CallbackFlow {
  private readonly logger = new Logger('OAuthCallback');

  constructor(
    @Inject(OAUTH_REDIRECT_SETTINGS) private readonly options: RedirectSettings,
    @Inject(OAUTH_CLOCK) private readonly clock: Clock,
    private readonly signIn: SignInCompletion,
    private readonly linker: LinkCompletion,
    private readonly accountCookies: AccountCookieService,
    private readonly sessions: SessionService,
  ) {}

  async handle(input: CallbackInput): Promise<CallbackOutcome> {
    const { runtime } = input;
    // 1. form_post with SameSite=Lax: the cross-site POST arrives without our state cookie; re-dispatch
    //    as a same-site GET (303) so the browser attaches it. Nothing is validated or consumed here.
    if (input.method === 'POST' && !runtime.stateStore.hasCallbackCookie(runtime.config.id, input.cookies)) {
      if (hasAnyParams(input.query, input.form)) {
        return { status: 303, location: redispatchUrl(input.requestUrl, input.query, input.form), cookies: [], state: null };
      }
    }
    let consumed: StateRecord | null = null;
    try {
      const params = collectCallbackParams(input.query, input.form);
      if (!params['state']) throw new OAuthError('state_mismatch', 'missing OAuth state');
      consumed = await runtime.stateStore.consume(runtime.config.id, params['state'], input.cookies, this.clock.now());
      if (consumed.provider && consumed.provider !== runtime.config.id) {
        throw new OAuthError('state_mismatch', 'OAuth state provider mismatch');
      }
      await this.checkIssuer(runtime, params['iss']);
      if (consumed.intent === 'link') await this.assertLinkSession(input.cookies, consumed);
      // The provider's `error` is kept apart from our codes; only a value that looks like an RFC 6749
      // code is ever repeated (ProviderCallbackError: it is attacker-controlled text).
      if (params['error']) throw new ProviderCallbackError(params['error'], params['error_description']);
      if (!params['code']) throw new OAuthError('oauth_code_verification_failed', 'missing OAuth authorization code');
      const context: OAuthHookContext = {
        providerId: runtime.config.id,
        request: input.request,
        state: consumed,
        payload: consumed.payload,
      };
      const { tokens, user } = await this.verify(runtime, params['code'], consumed, params);
      const location = await this.complete(input, consumed, context, tokens, user);
      return { status: 302, location: location.url, cookies: [...location.cookies, ...runtime.stateStore.clearCookies(runtime.config.id)], state: consumed };
    } catch (error) {
      return this.fail(input, consumed, error);
    }
  }

  /** RFC 9207: the authorization response names its issuer; a mismatch means a mix-up attack. */
  private async checkIssuer(runtime: ProviderRuntime, iss: string | undefined): Promise<void> {
    const metadata = await runtime.strategy.metadata();
    const expected = runtime.strategy.expectedIssuer(metadata);
    if (expected === null) return;
    if (iss === undefined) {
      if (runtime.strategy.issuerParameterRequired(metadata)) throw new OAuthError('issuer_missing', 'OAuth issuer missing');
      return;
    }
    if (!runtime.strategy.issuerParameterMatches(iss, metadata)) throw new OAuthError('issuer_mismatch', 'OAuth issuer mismatch');
  }

  /**
   * Link CSRF: a link flow completes only in a browser whose current session belongs to the individual
   * who started it. Otherwise anyone who gets that individual's start URL (or its callback) could attach
   * their own provider account to them. Checked before the code is exchanged: nothing is linked.
   */
  private async assertLinkSession(cookies: Record<string, string>, state: StateRecord): Promise<void> {
    const active = await this.sessions.resolve(cookies);
    if (active === null || active.individual.id !== state.individualId) {
      throw new OAuthError('link_session_mismatch', 'the link flow was not started by the signed-in individual');
    }
  }

  /** Code exchange, ID-token validation (always, when one is returned) and profile resolution. */
  private async verify(
    runtime: ProviderRuntime,
    code: string,
    state: StateRecord,
    response: Readonly<Record<string, string>>,
  ): Promise<{ tokens: OAuthTokenSet; user: OAuthUserInfo }> {
    const tokens = await runtime.strategy
      .exchangeCode(code, state.codeVerifier)
      .catch((error: unknown) => Promise.reject(recode(error, 'oauth_code_verification_failed', 'failed to exchange the authorization code')));
    let claims: JWTPayload = {};
    if (tokens.idToken) {
      claims = await runtime.strategy
        .validateIdToken(tokens.idToken, { nonce: state.nonce, requireNonceClaim: false, accessToken: tokens.accessToken })
        .catch((error: unknown) => Promise.reject(recode(error, 'oauth_code_verification_failed', 'failed to validate provider id token')));
    } else if (state.nonce !== null) {
      // We asked for openid (a nonce was sent): a response without an ID token is not an OIDC response.
      throw new OAuthError('oauth_code_verification_failed', 'Missing "id_token" in token payload');
    }
    const user = await runtime.strategy
      .resolveProfile(tokens, claims, response)
      .catch((error: unknown) => Promise.reject(recode(error, 'user_info_missing', 'failed to resolve provider profile')));
    return { tokens, user };
  }

  private async complete(
    input: CallbackInput,
    state: StateRecord,
    context: OAuthHookContext,
    tokens: OAuthTokenSet,
    user: OAuthUserInfo,
  ): Promise<{ url: string; cookies: ResponseCookie[] }> {
    const fallback = this.options.signInRedirectUrl;
    if (state.intent === 'link') {
      if (state.individualId === null) {
        throw new OAuthError('link_missing_individual', 'link flow is missing the initiating individual');
      }
      const linked = await this.linker.link({
        runtime: input.runtime,
        individualId: state.individualId,
        user,
        tokens,
        requireTrustedEmail: false,
        refreshProfileWith: null,
      });
      return { url: state.redirectUrl ?? fallback, cookies: this.accountCookies.write(input.runtime, linked) };
    }
    const result = await this.signIn.complete({
      runtime: input.runtime,
      user,
      tokens,
      requestSignUp: state.requestSignUp,
      context,
      meta: input.meta,
    });
    await this.sessions.endPrevious(input.cookies, result.session);
    const url = (result.created ? state.newUserRedirectUrl : null) ?? state.redirectUrl ?? fallback;
    return { url, cookies: [result.session.cookie, ...this.accountCookies.write(input.runtime, result.account)] };
  }

  /** Spec §6.8: redirect to the error URL with `?error=<code>`, or hand a coded error to the filter. */
  private fail(input: CallbackInput, consumed: StateRecord | null, error: unknown): CallbackOutcome {
    const code = callbackErrorCode(error);
    const repeated = repeatedProviderError(error);
    const shown = repeated ?? code;
    const provider = input.runtime.config.id;
    const providerError = providerErrorOf(error);
    this.logger.warn(
      JSON.stringify({ event: 'oauth.callback_rejected', provider, code: shown, check: failedCheck(error), ...(providerError === null ? {} : { providerError }) }),
    );
    if (!(error instanceof OAuthError)) {
      this.logger.error(JSON.stringify({ event: 'oauth.callback_unexpected', provider, error: error instanceof Error ? error.name : typeof error }));
    }
    const errorUrl = consumed?.errorRedirectUrl ?? input.runtime.config.defaultErrorRedirectUrl;
    if (errorUrl === null) throw new UnroutableCallbackError(code, repeated, error instanceof OAuthError ? error.message : shown, { cause: error });
    return {
      status: 302,
      location: withErrorParameter(errorUrl, shown),
      cookies: input.runtime.stateStore.clearCookies(provider),
      state: consumed,
    };
  }
}
