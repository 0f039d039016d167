import { describe, expect, it } from '@jest/globals';
import type { ArgumentsHost } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { UnroutableCallbackError } from '../errors/callback-errors.js';
import { httpStatusOf, OAUTH_ERROR_CODES, type OAuthErrorCode } from '../errors/error-codes.js';
import { OAuthError } from '../errors/oauth-error.js';
import { oauthHttpException } from './error-status.js';
import { OAuthExceptionFilter } from './oauth-exception.filter.js';

const CODES = Object.keys(OAUTH_ERROR_CODES) as OAuthErrorCode[];

/** What the filter handed to the HTTP adapter for `error`. */
function filtered(error: OAuthError): { body: unknown; status: number | undefined } {
  const replies: { body: unknown; status: number | undefined }[] = [];
  const adapterHost = { httpAdapter: { reply: (_response: unknown, body: unknown, status?: number) => replies.push({ body, status }) } };
  const host = { switchToHttp: () => ({ getResponse: () => ({}) }) } as unknown as ArgumentsHost;
  new OAuthExceptionFilter(adapterHost as unknown as HttpAdapterHost).catch(error, host);
  expect(replies).toHaveLength(1);
  return replies[0]!;
}

describe('statuses sent by the filter and by oauthHttpException', () => {
  it('the filter answers every code with the table status and { code, message }', () => {
    for (const code of CODES) {
      expect({ code, ...filtered(new OAuthError(code, 'why')) }).toEqual({ code, body: { code, message: 'why' }, status: httpStatusOf(code) });
    }
  });

  it('oauthHttpException carries the table status (the guard-refusal one when asked)', () => {
    for (const code of CODES) {
      const error = new OAuthError(code, 'why');
      expect({ code, status: oauthHttpException(error).getStatus() }).toEqual({ code, status: httpStatusOf(code) });
      expect({ code, status: oauthHttpException(error, 'guardRefusal').getStatus() }).toEqual({ code, status: httpStatusOf(code, 'guardRefusal') });
      expect(oauthHttpException(error).getResponse()).toEqual({ code, message: 'why' });
    }
  });

  it('a callback without an error URL shows the provider\'s own error when it is repeatable, with its code\'s status', () => {
    expect(filtered(new UnroutableCallbackError('oauth_callback_failed', 'access_denied', 'The user denied the request'))).toEqual({
      body: { code: 'access_denied', message: 'The user denied the request' },
      status: 400,
    });
    expect(filtered(new UnroutableCallbackError('storage_unavailable', null, 'down'))).toEqual({ body: { code: 'storage_unavailable', message: 'down' }, status: 503 });
  });
});
