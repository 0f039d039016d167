import { Inject, Injectable } from '@nestjs/common';
import { createCodeVerifier, randomToken } from '../../crypto/random.js';
import type { Keyring } from '../../crypto/keyring.js';
import type { SecretBox } from '../../crypto/secret-box.js';
import type { ResponseCookie } from '../../common/cookie-header.js';
import type { Clock } from '../../common/clock.js';
import { providerRouteUrl, type RedirectSettings } from '../../options/settings.js';
import { OAUTH_CLOCK, OAUTH_KEYRING, OAUTH_REDIRECT_SETTINGS } from '../../options/tokens.js';
import type { StateRecord } from '../../persistence/records.js';
import type { ProviderRuntime } from '../../providers/provider-runtime.js';
import { openStartToken, sealStartToken, type StartRequestOptions } from '../../state/start-token.js';
import { prepareStartRequest, type LinkUrlOptions, type SignInUrlOptions, type StartRequest } from './start-request.js';

export type { LinkUrlOptions, SignInUrlOptions } from './start-request.js';
export { MAX_PAYLOAD_BYTES } from './start-request.js';

/** State lifetime (spec §6.1 step 4); also the lifetime of a start URL. */
export const STATE_TTL_MS = 10 * 60 * 1000;

/** A started flow: the provider's authorization URL and the cookies that bind its state to this browser. */
export interface StartedFlow {
  url: string;
  cookies: ResponseCookie[];
}

/**
 * Spec §6.1, split in two so that no URL is a bearer capability: `signInUrl`/`linkUrl` seal only the
 * request's options into a start URL; the state, nonce and PKCE verifier are created by `begin`, for
 * the one browser that opens it (or directly for the one-hop `startSignIn`/`startLink`).
 */
@Injectable()
export class StartFlow {
  private readonly startBox: SecretBox;

  constructor(
    @Inject(OAUTH_REDIRECT_SETTINGS) private readonly options: RedirectSettings,
    @Inject(OAUTH_CLOCK) private readonly clock: Clock,
    @Inject(OAUTH_KEYRING) keyring: Keyring,
  ) {
    this.startBox = keyring.box('start-token');
  }

  signInUrl(runtime: ProviderRuntime, options: SignInUrlOptions = {}): Promise<string> {
    return this.startUrl(runtime, signInRequest(options));
  }

  linkUrl(runtime: ProviderRuntime, options: LinkUrlOptions): Promise<string> {
    return this.startUrl(runtime, linkRequest(options));
  }

  /** One-hop sign-in: state created now, for the browser this response goes to. */
  async startSignIn(runtime: ProviderRuntime, options: SignInUrlOptions = {}): Promise<StartedFlow> {
    return this.begin(runtime, await this.prepare(runtime, signInRequest(options)));
  }

  async startLink(runtime: ProviderRuntime, options: LinkUrlOptions): Promise<StartedFlow> {
    return this.begin(runtime, await this.prepare(runtime, linkRequest(options)));
  }

  /** The `/start` trampoline: opens the start token and begins a fresh flow for this browser. */
  openStartUrl(runtime: ProviderRuntime, token: string): Promise<StartedFlow> {
    return this.begin(runtime, openStartToken(this.startBox, token, runtime.config.id, this.clock.now()));
  }

  private async startUrl(runtime: ProviderRuntime, request: StartRequest): Promise<string> {
    const prepared = await this.prepare(runtime, request);
    // The browser brings only the token back, later: a state that could not be stored (e.g. too
    // large for a cookie) is refused now, in the app's route. (A one-hop start needs no trial run:
    // its `save` checks the same before it persists anything, within the same call.)
    runtime.stateStore.assertStorable(this.stateFor(runtime, prepared), this.clock.now());
    const expiresAt = new Date(this.clock.now().getTime() + STATE_TTL_MS);
    const token = sealStartToken(this.startBox, prepared, expiresAt);
    return `${providerRouteUrl(this.options, runtime.config.id, 'start')}?token=${encodeURIComponent(token)}`;
  }

  /** Validates everything that can fail before a browser is involved, so a bad start fails in the app's route. */
  private async prepare(runtime: ProviderRuntime, request: StartRequest): Promise<StartRequestOptions> {
    const prepared = prepareStartRequest(runtime.config, request, this.options);
    // Metadata first: an unavailable provider fails here (provider_unavailable), not in the browser.
    await runtime.strategy.metadata();
    return prepared;
  }

  private async begin(runtime: ProviderRuntime, prepared: StartRequestOptions): Promise<StartedFlow> {
    const now = this.clock.now();
    const record = this.stateFor(runtime, prepared);
    // Build the provider URL first: if metadata is unavailable nothing is persisted.
    const url = await runtime.strategy.authorizationUrl({
      state: record.state,
      codeVerifier: record.codeVerifier,
      nonce: record.nonce,
      scopes: prepared.scopes,
      prompt: prepared.prompt,
      accessType: prepared.accessType,
      responseMode: prepared.responseMode,
      authorizationParams: prepared.authorizationParams === null ? null : { ...prepared.authorizationParams },
    });
    const cookies = await runtime.stateStore.save(record, now);
    return { url, cookies };
  }

  /** A fresh state for one browser: new random state, nonce and PKCE verifier every time. */
  private stateFor(runtime: ProviderRuntime, prepared: StartRequestOptions): StateRecord {
    const { config } = runtime;
    const now = this.clock.now();
    return {
      state: randomToken(32),
      provider: config.id,
      individualId: prepared.individualId,
      codeVerifier: config.usePkce ? createCodeVerifier() : null,
      // OIDC Core 3.1.2.1: the nonce binds the ID token to this browser's request (replay defence).
      nonce: config.useNonce && prepared.scopes.includes('openid') ? randomToken(32) : null,
      intent: prepared.intent,
      redirectUrl: prepared.redirectUrl,
      errorRedirectUrl: prepared.errorRedirectUrl,
      newUserRedirectUrl: prepared.newUserRedirectUrl,
      payload: prepared.payload,
      requestSignUp: prepared.requestSignUp,
      createdAt: now,
      expiresAt: new Date(now.getTime() + STATE_TTL_MS),
    };
  }
}

function signInRequest(options: SignInUrlOptions): StartRequest {
  return { ...options, intent: 'signin', individualId: null };
}

function linkRequest(options: LinkUrlOptions): StartRequest {
  return { ...options, intent: 'link', requestSignUp: false, newUserRedirectUrl: null };
}
