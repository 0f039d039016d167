import { describe, expect, it } from '@jest/globals';
import { ProviderCallbackError } from '../../errors/callback-errors.js';
import { OAuthError, StorageUnavailableError } from '../../errors/oauth-error.js';
import { ProviderRequestError } from '../../errors/transport-errors.js';
import { callbackErrorCode, failedCheck, providerErrorOf, recode, repeatedProviderError } from './callback-errors.js';

describe('callback error mapping (spec §6.8)', () => {
  it('keeps callback codes and turns every other error into oauth_callback_failed', () => {
    expect(callbackErrorCode(new OAuthError('issuer_mismatch'))).toBe('issuer_mismatch');
    // Deliberate: an outage of the store is shown as such on the error page.
    expect(callbackErrorCode(new StorageUnavailableError())).toBe('storage_unavailable');
    expect(callbackErrorCode(new OAuthError('provider_unavailable'))).toBe('oauth_callback_failed');
    expect(callbackErrorCode(new Error('boom'))).toBe('oauth_callback_failed');
  });

  it('a provider\'s own error keeps the fixed code; its value is shown only when it looks like an RFC 6749 code', () => {
    const denied = new ProviderCallbackError('access_denied', 'The user denied the request');
    expect({ code: callbackErrorCode(denied), repeated: repeatedProviderError(denied), check: failedCheck(denied) }).toEqual({
      code: 'oauth_callback_failed',
      repeated: 'access_denied',
      check: 'access_denied',
    });
    const crafted = new ProviderCallbackError('<svg/onload=alert(1)>', undefined);
    expect({ code: callbackErrorCode(crafted), repeated: repeatedProviderError(crafted), check: failedCheck(crafted) }).toEqual({
      code: 'oauth_callback_failed',
      repeated: null,
      check: 'oauth_callback_failed',
    });
    expect(repeatedProviderError(new OAuthError('state_mismatch'))).toBeNull();
  });

  it('recode keeps a callback code and wraps anything else under the step\'s code', () => {
    const issuer = new OAuthError('issuer_mismatch');
    expect(recode(issuer, 'oauth_code_verification_failed', 'exchange failed')).toBe(issuer);
    const wrapped = recode(new OAuthError('token_response_invalid'), 'oauth_code_verification_failed', 'exchange failed');
    expect({ code: wrapped.code, check: failedCheck(wrapped) }).toEqual({ code: 'oauth_code_verification_failed', check: 'token_response_invalid' });
  });

  it('logs the token endpoint\'s own error apart from the code, and only when it looks like an RFC 6749 code', () => {
    const refused = (oauthError: string) => recode(new ProviderRequestError({ endpoint: 'token', failure: 'oauth_error', oauthError }), 'oauth_code_verification_failed', 'x');
    expect({ code: refused('invalid_grant').code, providerError: providerErrorOf(refused('invalid_grant')) }).toEqual({
      code: 'oauth_code_verification_failed',
      providerError: 'invalid_grant',
    });
    expect(providerErrorOf(refused('Invalid grant; call us'))).toBe('unrecognised');
    expect(providerErrorOf(new OAuthError('state_mismatch'))).toBeNull();
  });
});
