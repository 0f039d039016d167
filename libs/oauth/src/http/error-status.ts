import { HttpException } from '@nestjs/common';
import { httpStatusOf } from '../errors/error-codes.js';
import type { OAuthError } from '../errors/oauth-error.js';

/**
 * A coded error as a Nest `HttpException` (`{ code, message }`), for what the library runs inside the
 * app's own routes (guards, parameter decorators): those routes are not under the library's filter,
 * and Nest answers an HttpException the same way with or without one. The status comes from the table
 * of codes (`errors/error-codes.ts`); `guardRefusal` when `LinkedAccountGuard` refuses the route.
 */
export function oauthHttpException(error: OAuthError, as: 'answer' | 'guardRefusal' = 'answer'): HttpException {
  return new HttpException({ code: error.code, message: error.message }, httpStatusOf(error.code, as), { cause: error });
}
