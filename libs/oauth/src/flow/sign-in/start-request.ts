import { OAuthError } from '../../errors/oauth-error.js';
import type { StateIntent } from '../../persistence/records.js';
import type { ResolvedProviderConfig } from '../../providers/resolved-provider-config.js';
import type { StartRequestOptions } from '../../state/start-token.js';
import { MAX_REDIRECT_TARGET_LENGTH, normalizeRedirectTarget } from './redirect-target.js';

/** Upper bound for the app payload carried through the flow (keeps the state cookie under 4 KB). */
export const MAX_PAYLOAD_BYTES = 2048;
/** Upper bound for the scope list, and for the other authorization options together (each, as JSON). */
export const MAX_AUTHORIZATION_OPTIONS_BYTES = 2048;

export interface SignInUrlOptions {
  /** Where to land after success (same origin or a trusted origin; default `signInRedirectUrl`). */
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

export interface LinkUrlOptions extends Omit<SignInUrlOptions, 'newUserRedirectUrl' | 'requestSignUp'> {
  /** The signed-in individual the new account will belong to (trusted: bound into the state). */
  individualId: string;
}

export interface StartRequest extends SignInUrlOptions {
  intent: StateIntent;
  individualId: string | null;
}

export interface RedirectPolicy {
  baseOrigin: string;
  trustedOrigins: readonly string[];
}

/**
 * Validates and normalises what a start will store (state row or cookie) and carry (start URL).
 * Every field has a cap, refused with `payload_too_large` rather than silently cut: unauthenticated
 * visitors can trigger starts, and nothing they send may grow the state table without bound.
 */
export function prepareStartRequest(
  config: ResolvedProviderConfig,
  request: StartRequest,
  policy: RedirectPolicy,
): StartRequestOptions {
  const payload = request.payload ?? null;
  assertFits('payload', JSON.stringify(payload) ?? 'null', MAX_PAYLOAD_BYTES);
  const scopes = request.scopes && request.scopes.length > 0 ? [...request.scopes] : [...config.scopes];
  assertFits('scopes', JSON.stringify(scopes), MAX_AUTHORIZATION_OPTIONS_BYTES);
  const authorizationParams = request.authorizationParams ?? null;
  const prompt = request.prompt ?? null;
  const accessType = request.accessType ?? null;
  assertFits('authorization options', JSON.stringify({ authorizationParams, prompt, accessType }), MAX_AUTHORIZATION_OPTIONS_BYTES);
  const target = (name: string, value: string | null | undefined): string | null => {
    const normalized = normalizeRedirectTarget(value, policy.baseOrigin, policy.trustedOrigins);
    // Raw and encoded length: `/é` grows to `/%C3%A9` once percent-encoded.
    if ((value?.length ?? 0) > MAX_REDIRECT_TARGET_LENGTH || (normalized?.length ?? 0) > MAX_REDIRECT_TARGET_LENGTH) {
      throw new OAuthError('payload_too_large', `OAuth ${name} exceeds ${MAX_REDIRECT_TARGET_LENGTH} characters`);
    }
    return normalized;
  };
  return {
    provider: config.id,
    intent: request.intent,
    individualId: request.individualId,
    redirectUrl: target('return target', request.returnTo),
    errorRedirectUrl: target('error redirect URL', request.errorRedirectUrl),
    newUserRedirectUrl: target('new-user redirect URL', request.newUserRedirectUrl),
    payload,
    requestSignUp: request.requestSignUp === true,
    scopes,
    prompt,
    accessType,
    responseMode: request.responseMode ?? null,
    authorizationParams,
  };
}

function assertFits(name: string, json: string, maxBytes: number): void {
  // The message states the limit, never the value (it may be anything the visitor sent).
  if (Buffer.byteLength(json) > maxBytes) throw new OAuthError('payload_too_large', `OAuth ${name} exceeds ${maxBytes} bytes`);
}
