import { Inject, Injectable } from '@nestjs/common';
import { createCodeVerifier, randomToken } from '../crypto/random.js';
import type { Keyring } from '../crypto/keyring.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { OAuthError } from '../errors/oauth-error.js';
import type { ResolvedModuleOptions } from '../module/resolved-module-options.js';
import { OAUTH_KEYRING, OAUTH_OPTIONS } from '../module/tokens.js';
import type { StateIntent, StateRecord } from '../persistence/records.js';
import type { ProviderRuntime } from '../providers/provider-runtime.js';
import { sealStartToken } from '../state/start-token.js';
import { normalizeRedirectTarget } from './redirect-target.js';

/** State lifetime (spec §6.1 step 4). */
export const STATE_TTL_MS = 10 * 60 * 1000;
/** Upper bound for the app payload carried through the flow (keeps the state cookie under 4 KB). */
export const MAX_PAYLOAD_BYTES = 2048;

export interface SigninUrlOptions {
  /** Where to land after success; wins over `returnTo`. */
  successRedirectUrl?: string | null;
  returnTo?: string | null;
  errorRedirectUrl?: string | null;
  newUserRedirectUrl?: string | null;
  /** Any JSON value, handed back to hooks at the callback. */
  payload?: unknown;
  scopes?: readonly string[];
  prompt?: string | null;
  accessType?: string | null;
  responseMode?: 'query' | 'form_post' | null;
  authorizationParams?: Record<string, string> | null;
  /** Explicit sign-up intent (passes `disableImplicitSignUp`). */
  requestSignUp?: boolean;
}

export interface LinkUrlOptions extends Omit<SigninUrlOptions, 'newUserRedirectUrl' | 'requestSignUp'> {
  /** The signed-in individual the new account will belong to (trusted: bound into the state). */
  individualId: string;
}

interface StartRequest extends SigninUrlOptions {
  intent: StateIntent;
  individualId: string | null;
}

@Injectable()
export class StartFlow {
  private readonly startBox: SecretBox;

  constructor(
    @Inject(OAUTH_OPTIONS) private readonly options: ResolvedModuleOptions,
    @Inject(OAUTH_KEYRING) keyring: Keyring,
  ) {
    this.startBox = keyring.box('start-token');
  }

  signinUrl(runtime: ProviderRuntime, options: SigninUrlOptions = {}): Promise<string> {
    return this.start(runtime, { ...options, intent: 'signin', individualId: null });
  }

  linkUrl(runtime: ProviderRuntime, options: LinkUrlOptions): Promise<string> {
    return this.start(runtime, { ...options, intent: 'link', requestSignUp: false, newUserRedirectUrl: null });
  }

  /** Spec §6.1: persist the state, build the provider URL, return the local start trampoline. */
  private async start(runtime: ProviderRuntime, request: StartRequest): Promise<string> {
    const { config } = runtime;
    const payload = request.payload ?? null;
    if (Buffer.byteLength(JSON.stringify(payload) ?? 'null') > MAX_PAYLOAD_BYTES) {
      throw new OAuthError('payload_too_large', `OAuth payload exceeds ${MAX_PAYLOAD_BYTES} bytes`);
    }
    const now = this.options.clock.now();
    const scopes = request.scopes && request.scopes.length > 0 ? request.scopes : config.scopes;
    const normalize = (target: string | null | undefined) =>
      normalizeRedirectTarget(target, this.options.baseOrigin, this.options.trustedOrigins);
    const record: StateRecord = {
      state: randomToken(32),
      provider: config.id,
      individualId: request.individualId,
      codeVerifier: config.usePkce ? createCodeVerifier() : null,
      // OIDC Core 3.1.2.1: the nonce binds the ID token to this browser's request (replay defence).
      nonce: config.useNonce && scopes.includes('openid') ? randomToken(32) : null,
      intent: request.intent,
      redirectUrl: normalize(request.successRedirectUrl ?? request.returnTo),
      errorRedirectUrl: normalize(request.errorRedirectUrl),
      newUserRedirectUrl: normalize(request.newUserRedirectUrl),
      payload,
      requestSignUp: request.requestSignUp === true,
      createdAt: now,
      expiresAt: new Date(now.getTime() + STATE_TTL_MS),
    };
    // Build the provider URL first: if metadata is unavailable nothing is persisted.
    const authorizationUrl = await runtime.strategy.authorizationUrl({
      state: record.state,
      codeVerifier: record.codeVerifier,
      nonce: record.nonce,
      scopes,
      prompt: request.prompt ?? null,
      accessType: request.accessType ?? null,
      responseMode: request.responseMode ?? null,
      authorizationParams: request.authorizationParams ?? null,
    });
    const cookies = await runtime.stateStore.save(record, now);
    const token = sealStartToken(this.startBox, { authorizationUrl, cookies, expiresAt: record.expiresAt });
    return `${this.routeBase(config.id)}/start?token=${encodeURIComponent(token)}`;
  }

  private routeBase(providerId: string): string {
    const { baseOrigin, basePath, routePrefix } = this.options;
    return `${baseOrigin}${basePath}/${routePrefix}/provider/${encodeURIComponent(providerId)}`;
  }
}
