import { describe, expect, it } from '@jest/globals';
import { httpStatusOf, isCallbackErrorCode, OAUTH_CALLBACK_ERROR_CODES, OAUTH_ERROR_CODES, type OAuthErrorCode } from './error-codes.js';

const CODES = Object.keys(OAUTH_ERROR_CODES) as OAuthErrorCode[];

describe('the table of error codes', () => {
  it('gives every code a 4xx or 5xx status and a callback flag', () => {
    for (const code of CODES) {
      const entry = OAUTH_ERROR_CODES[code];
      expect({ code, integer: Number.isInteger(entry.status), inRange: entry.status >= 400 && entry.status <= 599 }).toEqual({ code, integer: true, inRange: true });
      expect({ code, callback: typeof entry.callback }).toEqual({ code, callback: 'boolean' });
      expect(code).toMatch(/^[a-z0-9_]{1,64}$/);
    }
  });

  it('derives the callback set from the flags (spec §6.8 codes, plus storage_unavailable)', () => {
    const flagged = CODES.filter((code) => OAUTH_ERROR_CODES[code].callback);
    expect([...OAUTH_CALLBACK_ERROR_CODES].sort()).toEqual([...flagged].sort());
    expect(CODES.filter(isCallbackErrorCode).sort()).toEqual([...flagged].sort());
    // The codes the error redirect keeps; everything else there becomes oauth_callback_failed.
    expect([...OAUTH_CALLBACK_ERROR_CODES].sort()).toEqual(
      [
        'state_mismatch', 'state_not_found', 'issuer_missing', 'issuer_mismatch', 'oauth_code_verification_failed',
        'user_info_missing', 'email_missing', 'account_not_linked', 'signup_disabled',
        'account_already_linked_to_different_user', 'email_does_not_match', 'id_token_sign_in_disabled',
        'link_session_mismatch', 'oauth_callback_failed', 'storage_unavailable',
      ].sort(),
    );
  });

  it('answers 401/403/404/503 for the codes that say so and 400 for every other', () => {
    const notBadRequest: Partial<Record<OAuthErrorCode, number>> = {
      not_authenticated: 401,
      individual_not_found: 401,
      insufficient_scope: 403,
      cross_site_request: 403,
      provider_not_found: 404,
      provider_unavailable: 503,
      storage_unavailable: 503,
    };
    for (const code of CODES) expect({ code, status: httpStatusOf(code) }).toEqual({ code, status: notBadRequest[code] ?? 400 });
  });

  it('LinkedAccountGuard refuses with 403 for its two reasons; elsewhere the guard-refusal status is the status', () => {
    expect(httpStatusOf('account_not_linked', 'guardRefusal')).toBe(403);
    expect(httpStatusOf('insufficient_scope', 'guardRefusal')).toBe(403);
    for (const code of CODES.filter((c) => c !== 'account_not_linked')) {
      expect({ code, status: httpStatusOf(code, 'guardRefusal') }).toEqual({ code, status: httpStatusOf(code) });
    }
  });
});
