import { ValidationPipe, type ValidationError } from '@nestjs/common';
import * as classTransformer from 'class-transformer';
import * as classValidator from 'class-validator';
import { OAuthError } from '../../errors/oauth-error.js';

/**
 * Names the failing fields and rules only: class-validator messages may echo values, and a value
 * here can be a token, which must never appear in an error (house rule).
 */
export function describeValidationErrors(errors: readonly ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent === '' ? error.property : `${parent}.${error.property}`;
    const own = Object.keys(error.constraints ?? {}).map((rule) =>
      rule === 'whitelistValidation' ? `${path}: unknown field` : `${path}: ${rule}`,
    );
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

/**
 * Strict body/query validation: unknown fields are refused (a typo must not silently drop an
 * option), and a failure is our coded JSON `{ code: 'invalid_request', message }` with 400 instead
 * of Nest's own error shape.
 */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // The packages this library's DTO decorators registered with, not a second resolved copy.
    validatorPackage: classValidator,
    transformerPackage: classTransformer,
    exceptionFactory: (errors: ValidationError[]) =>
      new OAuthError('invalid_request', `invalid request: ${describeValidationErrors(errors).join('; ') || 'malformed body'}`),
  });
}
