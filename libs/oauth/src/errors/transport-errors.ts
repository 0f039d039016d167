import { OAuthError } from './oauth-error.js';

/** Which identity-provider endpoint a request went to. */
export type ProviderEndpoint = 'discovery' | 'token' | 'userinfo' | 'jwks';

/** How a provider request failed; lets callers tell "try later" from "sign in again". */
export type ProviderFailure =
  | 'network'
  | 'timeout'
  | 'http_status'
  | 'invalid_response'
  | 'oauth_error'
  | 'insecure_url'
  | 'response_too_large';

export interface ProviderRequestErrorInit {
  endpoint: ProviderEndpoint;
  failure: ProviderFailure;
  status?: number;
  oauthError?: string;
  /** Extra wording chosen by the library (never provider-supplied text, never a token). */
  detail?: string;
}

// RFC 6749 §5.2: `error` values are limited to these printable ASCII characters. Anything else is
// not repeated in a message (it could be attacker-chosen text meant for a log or an error page).
const OAUTH_ERROR_VALUE = /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,100}$/;

function describe(init: ProviderRequestErrorInit): string {
  const where = `${init.endpoint} endpoint`;
  const suffix = init.detail === undefined ? '' : ` (${init.detail})`;
  switch (init.failure) {
    case 'network':
      return `${where} could not be reached${suffix}`;
    case 'timeout':
      return `${where} did not answer in time${suffix}`;
    case 'http_status':
      return `${where} answered HTTP ${init.status ?? 'error'}${suffix}`;
    case 'invalid_response':
      return `${where} returned an invalid response${suffix}`;
    case 'oauth_error': {
      const value = init.oauthError !== undefined && OAUTH_ERROR_VALUE.test(init.oauthError) ? init.oauthError : 'unknown';
      return `${where} returned OAuth error ${value}${suffix}`;
    }
    case 'insecure_url':
      return `${where} URL is not allowed${suffix}`;
    case 'response_too_large':
      return `${where} response is too large${suffix}`;
  }
}

/**
 * Any failure talking to the identity provider. The message names the endpoint and the kind of
 * failure only: response bodies may echo codes or tokens, so they never reach the message.
 */
export class ProviderRequestError extends OAuthError {
  override readonly name = 'ProviderRequestError';
  readonly endpoint: ProviderEndpoint;
  readonly failure: ProviderFailure;
  readonly status?: number;
  /** The `error` value of an OAuth error body (e.g. `invalid_grant`), when the provider sent one. */
  readonly oauthError?: string;

  constructor(init: ProviderRequestErrorInit, options?: { cause?: unknown }) {
    super('provider_unavailable', describe(init), options);
    this.endpoint = init.endpoint;
    this.failure = init.failure;
    if (init.status !== undefined) {
      this.status = init.status;
    }
    if (init.oauthError !== undefined) {
      this.oauthError = init.oauthError;
    }
  }
}

export type IdTokenCheck =
  | 'malformed'
  | 'alg'
  | 'typ'
  | 'events'
  | 'kid'
  | 'signature'
  | 'iss'
  | 'aud'
  | 'azp'
  | 'exp'
  | 'iat'
  | 'nbf'
  | 'sub'
  | 'nonce'
  | 'at_hash'
  | 'jwks';

/** An ID token failed one named check. Surfaces as `oauth_code_verification_failed`. */
export class IdTokenValidationError extends OAuthError {
  override readonly name = 'IdTokenValidationError';
  constructor(
    readonly check: IdTokenCheck,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('oauth_code_verification_failed', message, options);
  }
}

/** An `IdTokenValidationError` for `check`; messages name the check, never token or claim values. */
export function idTokenCheckFailed(check: IdTokenCheck, message: string, cause?: unknown): IdTokenValidationError {
  return new IdTokenValidationError(check, message, cause === undefined ? undefined : { cause });
}
