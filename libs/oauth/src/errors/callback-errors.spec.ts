import { describe, expect, it } from '@jest/globals';
import { ProviderCallbackError, repeatableProviderError } from './callback-errors.js';

describe('ProviderCallbackError', () => {
  it('keeps the provider\'s error apart from the fixed code (in the manner of oauth4webapi\'s AuthorizationResponseError)', () => {
    const error = new ProviderCallbackError('access_denied', 'The user denied the request');
    expect(error).toMatchObject({ code: 'oauth_callback_failed', providerError: 'access_denied', repeatable: 'access_denied', message: 'The user denied the request' });
    expect(new ProviderCallbackError('temporarily_unavailable', undefined).message).toBe('temporarily_unavailable');
  });

  it.each([
    ['whitespace', 'access denied\r\nSet-Cookie: x=1'],
    ['markup', '<svg/onload=alert(1)>'],
    ['upper case', 'Access_Denied'],
    ['oversized', 'e'.repeat(65)],
    ['empty', ''],
  ])('attack: a provider error with %s is never repeated, and its description not used', (_label, value) => {
    const error = new ProviderCallbackError(value, 'Call +1-555 to unlock your account');
    expect(error).toMatchObject({ code: 'oauth_callback_failed', providerError: value, repeatable: null, message: 'provider returned a malformed error' });
    expect(repeatableProviderError(value)).toBeNull();
  });

  it('repeatableProviderError refuses anything but a string code', () => {
    expect(repeatableProviderError('invalid_grant')).toBe('invalid_grant');
    expect(repeatableProviderError({ error: 'x' })).toBeNull();
    expect(repeatableProviderError(undefined)).toBeNull();
  });
});
