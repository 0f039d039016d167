/**
 * Every code the library emits, in one table (in the manner of Better Auth's OAUTH_CALLBACK_ERROR_CODES):
 * the HTTP status of its JSON answer, and whether the callback's error redirect keeps it (`callback`;
 * spec §6.8: every other code is shown there as `oauth_callback_failed`). The code unions, the
 * callback-code set and the status lookup are derived from it: nothing else decides either.
 * A provider's own `error` (e.g. `access_denied`) is never a code: it travels in a separate field
 * (`ProviderCallbackError.providerError`, `ProviderRequestError.oauthError`).
 */
interface ErrorCodeEntry {
  /** 4xx for the request's own problems, 503 for outages (the same request works once they are over). */
  readonly status: number;
  /** Kept on the callback's error redirect (spec §6.8). */
  readonly callback: boolean;
  /** Where `LinkedAccountGuard` refuses an app route with this code and answers otherwise than `status`. */
  readonly guardRefusalStatus?: number;
}

export const OAUTH_ERROR_CODES = {
  // The callback's codes (spec §6.8).
  state_mismatch: { status: 400, callback: true },
  state_not_found: { status: 400, callback: true },
  issuer_missing: { status: 400, callback: true },
  issuer_mismatch: { status: 400, callback: true },
  oauth_code_verification_failed: { status: 400, callback: true },
  user_info_missing: { status: 400, callback: true },
  email_missing: { status: 400, callback: true },
  // 403 from LinkedAccountGuard: the person is known but lacks a grant for the app's route.
  account_not_linked: { status: 400, callback: true, guardRefusalStatus: 403 },
  signup_disabled: { status: 400, callback: true },
  account_already_linked_to_different_user: { status: 400, callback: true },
  email_does_not_match: { status: 400, callback: true },
  id_token_sign_in_disabled: { status: 400, callback: true },
  link_session_mismatch: { status: 400, callback: true },
  // The catch-all, and the code of a provider's own error (`ProviderCallbackError`): the redirect
  // repeats the provider's value instead when it looks like an RFC 6749 code.
  oauth_callback_failed: { status: 400, callback: true },
  // Deviation from spec §6.8 (which maps every other code to oauth_callback_failed): an outage of the
  // app's store is not the sign-in's fault, and the error page can say "try again in a moment".
  // Infrastructure, not the request: 503, the same request works once the store is back.
  storage_unavailable: { status: 503, callback: true },

  // Plain errors (account routes, direct ID-token sign-in, guards, configuration at runtime).
  oauth_account_not_found: { status: 400, callback: false },
  access_token_missing: { status: 400, callback: false },
  refresh_token_missing: { status: 400, callback: false },
  refresh_failed: { status: 400, callback: false },
  account_update_failed: { status: 400, callback: false },
  account_info_not_found: { status: 400, callback: false },
  token_decryption_not_configured: { status: 400, callback: false },
  token_decryption_failed: { status: 400, callback: false },
  token_response_invalid: { status: 400, callback: false },
  linked_individual_not_found: { status: 400, callback: false },
  initiating_individual_not_found: { status: 400, callback: false },
  link_missing_individual: { status: 400, callback: false },
  not_authenticated: { status: 401, callback: false },
  // Not emitted by the library today; kept because it is part of the public code union.
  individual_not_found: { status: 401, callback: false },
  insufficient_scope: { status: 403, callback: false },
  invalid_start_token: { status: 400, callback: false },
  payload_too_large: { status: 400, callback: false },
  // A provider (discovery, token, userinfo, JWKS) is down or misbehaving: 503, try again later.
  provider_unavailable: { status: 503, callback: false },
  id_token_replayed: { status: 400, callback: false },
  cross_site_request: { status: 403, callback: false },
  invalid_nonce: { status: 400, callback: false },
  provider_not_found: { status: 404, callback: false },
  invalid_request: { status: 400, callback: false },
} as const satisfies Record<string, ErrorCodeEntry>;

type Table = typeof OAUTH_ERROR_CODES;

/** Every code the library emits (closed: a provider's own `error` is never one). */
export type OAuthErrorCode = keyof Table;

/** Codes the callback's error redirect keeps (spec §6.8). */
export type OAuthCallbackErrorCode = { [C in OAuthErrorCode]: Table[C]['callback'] extends true ? C : never }[OAuthErrorCode];

/** Codes of plain errors (account routes, guards, configuration at runtime): `oauth_callback_failed` on the callback. */
export type OAuthPlainErrorCode = Exclude<OAuthErrorCode, OAuthCallbackErrorCode>;

/** The codes flagged `callback`. */
export const OAUTH_CALLBACK_ERROR_CODES: ReadonlySet<OAuthErrorCode> = new Set(
  (Object.keys(OAUTH_ERROR_CODES) as OAuthErrorCode[]).filter((code) => OAUTH_ERROR_CODES[code].callback),
);

export function isCallbackErrorCode(code: OAuthErrorCode): code is OAuthCallbackErrorCode {
  return OAUTH_CALLBACK_ERROR_CODES.has(code);
}

/**
 * The HTTP status of a coded error's JSON answer; `guardRefusal` for `LinkedAccountGuard` refusing
 * an app route (e.g. `account_not_linked`: 403 there, 400 from the library's own routes).
 */
export function httpStatusOf(code: OAuthErrorCode, as: 'answer' | 'guardRefusal' = 'answer'): number {
  const entry: ErrorCodeEntry = OAUTH_ERROR_CODES[code];
  return as === 'guardRefusal' ? (entry.guardRefusalStatus ?? entry.status) : entry.status;
}
