import { OAuthError, type OAuthCallbackErrorCode } from '../../errors/oauth-error.js';

const CALLBACK_CODES = new Set<string>([
  'state_mismatch', 'state_not_found', 'issuer_missing', 'issuer_mismatch', 'oauth_code_verification_failed',
  'user_info_missing', 'email_missing', 'account_not_linked', 'signup_disabled',
  'account_already_linked_to_different_user', 'email_does_not_match', 'id_token_sign_in_disabled',
  'oauth_callback_failed', 'link_session_mismatch',
  // Deviation from spec §6.8 (which maps every other code to oauth_callback_failed): an outage of the
  // app's store is not the sign-in's fault, and the error page can say "try again in a moment".
  'storage_unavailable',
]);

/** Marks an error as the provider's own `error` response, whose code passes through verbatim. */
export class ProviderCallbackError extends OAuthError {
  override readonly name = 'ProviderCallbackError';
}

/** Spec §6.8 code mapping: callback codes keep theirs; everything else is `oauth_callback_failed`. */
export function callbackErrorCode(error: unknown): string {
  if (error instanceof ProviderCallbackError) return error.code;
  if (error instanceof OAuthError && CALLBACK_CODES.has(error.code)) return error.code;
  return 'oauth_callback_failed';
}

/** Re-codes an error from one step of the callback, keeping callback codes and the cause. */
export function recode(error: unknown, code: OAuthCallbackErrorCode, message: string): OAuthError {
  if (error instanceof OAuthError && CALLBACK_CODES.has(error.code)) return error;
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
    if (current instanceof OAuthError) innermostCode = current.code;
    current = current.cause;
  }
  return innermostCode ?? 'unexpected';
}

// Port decision: a provider's `error` is repeated only when it looks like an RFC 6749 code.
const OAUTH_ERROR_CODE = /^[a-z0-9_]{1,64}$/;

/**
 * The `error` a provider's token endpoint answered (e.g. `invalid_client` for a wrong secret), for the
 * warning log: the one clue an operator needs, and never a secret, code or token. Anything that does
 * not look like an RFC 6749 code is logged as `unrecognised` (it could be text aimed at the log).
 */
export function providerErrorOf(error: unknown): string | null {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const value = (current as { oauthError?: unknown }).oauthError;
    if (value !== undefined) return typeof value === 'string' && OAUTH_ERROR_CODE.test(value) ? value : 'unrecognised';
  }
  return null;
}
