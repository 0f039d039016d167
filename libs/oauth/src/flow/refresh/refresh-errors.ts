import { OAuthError, OAuthRefreshError } from '../../errors/oauth-error.js';
import { ProviderRequestError } from '../../errors/transport-errors.js';

/**
 * Classifies a failed refresh so an app can tell "the user must sign in again" (the grant is gone)
 * from "the provider is down, try later" (keep the session, retry).
 */
export function classifyRefreshError(error: unknown): OAuthRefreshError {
  if (error instanceof OAuthRefreshError) return error;
  if (error instanceof ProviderRequestError) {
    if (error.failure === 'oauth_error') {
      return error.oauthError === 'invalid_grant'
        ? new OAuthRefreshError('reauthentication_required', 'the refresh token was rejected; sign in again', { cause: error })
        : new OAuthRefreshError('provider_error', `the provider refused the refresh (${error.oauthError ?? 'error'})`, { cause: error });
    }
    const unavailable = error.failure === 'network' || error.failure === 'timeout' || (error.status ?? 0) >= 500;
    return new OAuthRefreshError(unavailable ? 'provider_unavailable' : 'provider_error', 'the provider could not refresh the token', { cause: error });
  }
  if (error instanceof OAuthError) return new OAuthRefreshError('provider_error', error.message, { cause: error });
  return new OAuthRefreshError('provider_error', 'the refresh failed', { cause: error });
}

export function isInvalidGrant(error: unknown): boolean {
  return error instanceof ProviderRequestError && error.failure === 'oauth_error' && error.oauthError === 'invalid_grant';
}
