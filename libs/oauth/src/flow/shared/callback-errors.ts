import { ProviderCallbackError, repeatableProviderError } from '../../errors/callback-errors.js';
import { isCallbackErrorCode, type OAuthCallbackErrorCode } from '../../errors/error-codes.js';
import { OAuthError } from '../../errors/oauth-error.js';

/** Spec §6.8 code mapping: callback codes keep theirs; everything else is `oauth_callback_failed`. */
export function callbackErrorCode(error: unknown): OAuthCallbackErrorCode {
  return error instanceof OAuthError && isCallbackErrorCode(error.code) ? error.code : 'oauth_callback_failed';
}

/** The provider's own `error`, when the callback's answer shows it instead of the code (spec §6.5 step 8). */
export function repeatedProviderError(error: unknown): string | null {
  return error instanceof ProviderCallbackError ? error.repeatable : null;
}

/** Re-codes an error from one step of the callback, keeping callback codes and the cause. */
export function recode(error: unknown, code: OAuthCallbackErrorCode, message: string): OAuthError {
  if (error instanceof OAuthError && isCallbackErrorCode(error.code)) return error;
  return new OAuthError(code, message, { cause: error });
}

/** A short label naming the failed check, for the warning log (never values). */
export function failedCheck(error: unknown): string {
  let current: unknown = error;
  // The innermost coded error is the most specific (e.g. `token_response_invalid` under a re-code).
  let innermostCode: string | null = null;
  while (current instanceof Error) {
    const check = (current as { check?: unknown }).check;
    if (typeof check === 'string') return `id_token.${check}`;
    const endpoint = (current as { endpoint?: unknown; failure?: unknown }).endpoint;
    if (typeof endpoint === 'string') return `${endpoint}.${String((current as { failure?: unknown }).failure)}`;
    // A provider's own error is labelled with its value when that may be repeated (e.g. `access_denied`).
    if (current instanceof OAuthError) innermostCode = repeatedProviderError(current) ?? current.code;
    current = current.cause;
  }
  return innermostCode ?? 'unexpected';
}

/**
 * The `error` a provider's token endpoint answered (e.g. `invalid_client` for a wrong secret), for the
 * warning log: the one clue an operator needs, and never a secret, code or token. Anything that does
 * not look like an RFC 6749 code is logged as `unrecognised` (it could be text aimed at the log).
 */
export function providerErrorOf(error: unknown): string | null {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const value = (current as { oauthError?: unknown }).oauthError;
    if (value !== undefined) return repeatableProviderError(value) ?? 'unrecognised';
  }
  return null;
}
