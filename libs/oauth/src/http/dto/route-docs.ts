import { OAuthErrorResponseDoc } from './response-docs.js';
import type { DocClass } from '../openapi.js';

/** Response entries shared by the route docs (the statuses OAuthExceptionFilter and Nest produce). */

export function ok(type: DocClass, description: string): { status: number; description: string; type: DocClass } {
  return { status: 200, description, type };
}

export const BAD_REQUEST = {
  status: 400,
  description: 'Refused: `invalid_request` (malformed or non-JSON body, unknown field) or a coded flow error',
  type: OAuthErrorResponseDoc,
};

export const NOT_AUTHENTICATED = {
  status: 401,
  description: '`not_authenticated`: no live session cookie',
  type: OAuthErrorResponseDoc,
};

export const UNKNOWN_PROVIDER = { status: 404, description: 'No provider is configured with this id' };

export const PROVIDER_UNAVAILABLE = {
  status: 503,
  description: '`provider_unavailable`: the provider could not be reached',
  type: OAuthErrorResponseDoc,
};

export const REDIRECT = {
  status: 302,
  description: 'Redirect (no body)',
  headers: { Location: { description: 'Where the browser goes next', schema: { type: 'string' as const } } },
};

export const CROSS_SITE = {
  status: 403,
  description: '`cross_site_request`: the browser marked the request as cross-origin (Sec-Fetch-Site / Origin)',
  type: OAuthErrorResponseDoc,
};
