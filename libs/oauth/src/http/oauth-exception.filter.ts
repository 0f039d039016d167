import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { UnroutableCallbackError } from '../errors/callback-errors.js';
import { httpStatusOf } from '../errors/error-codes.js';
import { OAuthError } from '../errors/oauth-error.js';

/**
 * Turns coded errors into JSON: `{ code, message }` with a 4xx, or 503 when a provider or the store is
 * down. Applied to the library's own controllers only (an `OAuthError` from the app's controllers is the
 * app's to answer); an app that wants the same answers everywhere registers it globally:
 * `app.useGlobalFilters(new OAuthExceptionFilter(app.get(HttpAdapterHost)))` or `APP_FILTER`.
 */
@Catch(OAuthError)
export class OAuthExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('OAuth');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: OAuthError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<unknown>();
    const status = httpStatusOf(error.code);
    if (error.code === 'storage_unavailable') {
      // One line per failed request; the driver's message stays out (it may quote SQL parameters).
      const cause = error.cause instanceof Error ? error.cause.name : typeof error.cause;
      this.logger.error(JSON.stringify({ event: 'oauth.storage_unavailable', status, cause }));
    }
    // A callback without an error URL shows what its redirect would have: the provider's own error when repeatable.
    const code = (error instanceof UnroutableCallbackError ? error.providerError : null) ?? error.code;
    this.adapterHost.httpAdapter.reply(response, { code, message: error.message }, status);
  }
}
