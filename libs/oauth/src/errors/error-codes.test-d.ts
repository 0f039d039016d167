/**
 * Type tests, checked by `tsc -b` (never run): each `@ts-expect-error` line must fail to compile, every
 * other line must compile. The code union is closed: a provider's own `error` is not an OAuthErrorCode.
 */
import type { OAuthCallbackErrorCode, OAuthErrorCode, OAuthPlainErrorCode } from './error-codes.js';
import { OAuthError } from './oauth-error.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(value: T): T => value;

export const known: OAuthErrorCode = 'state_mismatch';
// @ts-expect-error an unknown string is not a code (the union is closed)
export const unknown: OAuthErrorCode = 'access_denied';
// @ts-expect-error nor is any string
export const anyString: OAuthErrorCode = String('state_mismatch');
// @ts-expect-error an OAuthError takes a code from the table only
export const made = new OAuthError('made_up_code');

// The sub-unions split the table in two.
assertType<Equal<OAuthCallbackErrorCode | OAuthPlainErrorCode, OAuthErrorCode>>(true);
assertType<Equal<Extract<OAuthCallbackErrorCode, OAuthPlainErrorCode>, never>>(true);
export const callback: OAuthCallbackErrorCode = 'storage_unavailable';
// @ts-expect-error a plain code is not a callback code
export const plain: OAuthCallbackErrorCode = 'provider_not_found';
