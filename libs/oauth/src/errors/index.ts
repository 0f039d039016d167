// The public part of errors/ (the root index re-exports it); internal signals (the callback's
// ProviderCallbackError and UnroutableCallbackError, LinkRequiredRedirect) stay unexported.
export type { OAuthErrorCode, OAuthCallbackErrorCode, OAuthPlainErrorCode } from './error-codes.js';
export {
  OAuthError,
  InvalidStateError,
  StorageUnavailableError,
  ConfigurationError,
  OAuthRefreshError,
  type RefreshFailureKind,
} from './oauth-error.js';
export { ProviderRequestError, IdTokenValidationError } from './transport-errors.js';
