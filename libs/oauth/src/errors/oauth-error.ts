import type { OAuthErrorCode } from './error-codes.js';

/**
 * One error base with a stable `code` from the one table of codes (`error-codes.ts`). Third-party errors
 * are translated into these at exactly one boundary per layer; one exception filter decides what the
 * browser sees. Messages never contain tokens, codes or secrets.
 */
export class OAuthError extends Error {
  override readonly name: string = 'OAuthError';
  constructor(
    readonly code: OAuthErrorCode,
    message?: string,
    options?: { cause?: unknown },
  ) {
    super(message ?? code, options);
  }
}

/** Any problem with the transient state: always surfaces as `state_not_found`. */
export class InvalidStateError extends OAuthError {
  override readonly name = 'InvalidStateError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('state_not_found', message, options);
  }
}

/**
 * The repository (the app's database) failed: unreachable, timed out, refused the connection. The
 * route answers 503 (or the error page) and works again once the store is back. The message is fixed;
 * the driver's error stays in `cause` (it may carry SQL parameters: tokens, state values).
 */
export class StorageUnavailableError extends OAuthError {
  override readonly name = 'StorageUnavailableError';
  constructor(options?: { cause?: unknown }) {
    super('storage_unavailable', 'the OAuth store is unavailable; try again shortly', options);
  }
}

/** Bad configuration; thrown at bootstrap (every problem listed) or on misuse. Never an OAuthError. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length > 0 ? `${message}:\n${problems.map((p) => `  - ${p}`).join('\n')}` : message);
  }
}

/** Why a refresh failed, so an app can tell "sign in again" from "try later". */
export type RefreshFailureKind = 'reauthentication_required' | 'provider_unavailable' | 'provider_error';

export class OAuthRefreshError extends OAuthError {
  override readonly name = 'OAuthRefreshError';
  constructor(
    readonly kind: RefreshFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('refresh_failed', message, options);
  }
  get requiresReauthentication(): boolean {
    return this.kind === 'reauthentication_required';
  }
}
