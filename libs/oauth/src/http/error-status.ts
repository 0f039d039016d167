import { HttpException } from '@nestjs/common';
import type { OAuthError } from '../errors/oauth-error.js';

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  not_authenticated: 401,
  individual_not_found: 401,
  insufficient_scope: 403,
  cross_site_request: 403,
  provider_not_found: 404,
  // Infrastructure, not the request: the same request works once the provider or the store is back.
  provider_unavailable: 503,
  storage_unavailable: 503,
};

/** The HTTP status of a coded error: 4xx for the request's own problems, 503 for outages. */
export function httpStatusOf(code: string): number {
  return STATUS_BY_CODE[code] ?? 400;
}

/**
 * A coded error as a Nest `HttpException` (`{ code, message }`), for what the library runs inside the
 * app's own routes (guards, parameter decorators): those routes are not under the library's filter,
 * and Nest answers an HttpException the same way with or without one.
 */
export function oauthHttpException(error: OAuthError): HttpException {
  return new HttpException({ code: error.code, message: error.message }, httpStatusOf(error.code), { cause: error });
}
