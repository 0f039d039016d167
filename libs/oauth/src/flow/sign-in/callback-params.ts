import { OAuthError } from '../../errors/oauth-error.js';

export type RawParams = Record<string, unknown>;

/**
 * Merges query and form parameters (form wins, spec §6.5 step 2). A security-relevant parameter
 * given twice is refused instead of "last one wins": with two `iss` or two `state` values, the
 * check could validate one while another component acts on the other (parameter pollution).
 */
export function collectCallbackParams(query: RawParams, form: RawParams | undefined): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const source of [query, form ?? {}]) {
    for (const [key, value] of Object.entries(source)) {
      if (Array.isArray(value)) {
        throw duplicateError(key);
      }
      if (typeof value === 'string') merged[key] = value;
    }
  }
  return merged;
}

function duplicateError(key: string): OAuthError {
  if (key === 'iss') return new OAuthError('issuer_mismatch', 'duplicated iss parameter');
  if (key === 'state') return new OAuthError('state_mismatch', 'duplicated state parameter');
  return new OAuthError('oauth_code_verification_failed', `duplicated ${key} parameter`);
}

/** Any parameter at all (the form_post re-dispatch only happens when there is something to carry). */
export function hasAnyParams(query: RawParams, form: RawParams | undefined): boolean {
  return Object.keys(query).length > 0 || Object.keys(form ?? {}).length > 0;
}

/** Rebuilds the callback URL with every parameter in the query (spec §6.5 step 1). */
export function redispatchUrl(requestUrl: string, query: RawParams, form: RawParams | undefined): string {
  const url = new URL(requestUrl);
  const params = new URLSearchParams();
  for (const source of [query, form ?? {}]) {
    for (const [key, value] of Object.entries(source)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item === 'string') params.append(key, item);
      }
    }
  }
  return `${url.origin}${url.pathname}?${params.toString()}`;
}
