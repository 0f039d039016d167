import type { OAuthCallbackErrorCode } from './error-codes.js';
import { OAuthError } from './oauth-error.js';

/**
 * Whether a provider's own `error` value may be repeated (in our error URL, JSON answers and logs): only
 * when it looks like an RFC 6749 error code. Anyone can craft a callback URL, so the value is
 * attacker-controlled text that would land in the app's page and in log lines: markup
 * (`<svg/onload=…>`), header injection or a misleading sentence must never get through.
 */
const REPEATABLE_PROVIDER_ERROR = /^[a-z0-9_]{1,64}$/;

/** `value` when it may be repeated (see above), else null. */
export function repeatableProviderError(value: unknown): string | null {
  return typeof value === 'string' && REPEATABLE_PROVIDER_ERROR.test(value) ? value : null;
}

/**
 * The provider answered the authorization request with its own `error` (RFC 6749 §4.1.2.1, e.g.
 * `access_denied`). As oauth4webapi's `AuthorizationResponseError` does, the provider's value is kept
 * apart from the code: `code` is the table's `oauth_callback_failed`, `providerError` the value as sent.
 * The error redirect shows `repeatable` (spec §6.5 step 8) and falls back to the code.
 */
export class ProviderCallbackError extends OAuthError {
  override readonly name = 'ProviderCallbackError';
  /** `providerError` when it may be repeated, else null. */
  readonly repeatable: string | null;

  constructor(
    readonly providerError: string,
    description: string | undefined,
  ) {
    const repeatable = repeatableProviderError(providerError);
    super('oauth_callback_failed', repeatable === null ? 'provider returned a malformed error' : (description ?? repeatable));
    this.repeatable = repeatable;
  }
}

/**
 * A callback error with no error URL to redirect to: the filter answers it as coded JSON, showing what
 * the redirect would have shown (`providerError` when the provider's own error may be repeated).
 */
export class UnroutableCallbackError extends OAuthError {
  override readonly name = 'UnroutableCallbackError';
  constructor(
    code: OAuthCallbackErrorCode,
    readonly providerError: string | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
