import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { OAuthError } from '../errors/oauth-error.js';

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  not_authenticated: 401,
  individual_not_found: 401,
  insufficient_scope: 403,
  cross_site_request: 403,
  provider_unavailable: 503,
};

/** The one place that turns coded errors into JSON: `{ code, message }` with a 4xx (503 when a provider is down). */
@Catch(OAuthError)
export class OAuthExceptionFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: OAuthError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<unknown>();
    const status = STATUS_BY_CODE[error.code] ?? 400;
    this.adapterHost.httpAdapter.reply(response, { code: error.code, message: error.message }, status);
  }
}
