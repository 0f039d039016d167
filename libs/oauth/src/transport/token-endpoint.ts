import { providerFetch, readJsonBody, type TransportHttp } from './http.js';
import { ProviderRequestError } from '../errors/transport-errors.js';

/** How the client authenticates at the token endpoint (spec §6.5 step 10). */
export interface ClientAuth {
  clientId: string;
  clientSecret: string | null;
  authMethod: 'client_secret_basic' | 'client_secret_post' | 'none';
}

/** RFC 6749 §2.3.1 / Appendix B: id and secret are form-urlencoded before being joined and base64-encoded. */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

function basicAuthorization(clientId: string, clientSecret: string): string {
  const credentials = `${formEncode(clientId)}:${formEncode(clientSecret)}`;
  return `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
}

/**
 * POSTs a grant to the token endpoint. Outcomes: 2xx JSON object without `error` → the object; a JSON
 * `error` at any status (some providers answer 200 with an error) → `oauth_error`; other non-2xx →
 * `http_status`; 2xx that is not a JSON object → `invalid_response`. Bodies never reach messages.
 */
export async function requestTokens(
  http: TransportHttp,
  tokenEndpoint: string,
  auth: ClientAuth,
  body: Record<string, string>,
): Promise<Record<string, unknown>> {
  const form = new URLSearchParams(body);
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Accept: 'application/json',
  };
  if (auth.authMethod === 'client_secret_basic') {
    headers['Authorization'] = basicAuthorization(auth.clientId, auth.clientSecret ?? '');
    form.delete('client_secret');
  } else {
    form.set('client_id', auth.clientId);
    if (auth.authMethod === 'client_secret_post' && auth.clientSecret !== null) {
      form.set('client_secret', auth.clientSecret);
    }
  }
  const response = await providerFetch(http, 'token', tokenEndpoint, {
    method: 'POST',
    headers,
    body: form.toString(),
  });
  const parsed = await readJsonBody(response, 'token');
  if (parsed.kind === 'object' && parsed.value['error'] !== undefined && parsed.value['error'] !== null) {
    const error = parsed.value['error'];
    const oauthError = typeof error === 'string' ? error : JSON.stringify(error);
    throw new ProviderRequestError({ endpoint: 'token', failure: 'oauth_error', status: response.status, oauthError });
  }
  if (!response.ok) {
    throw new ProviderRequestError({ endpoint: 'token', failure: 'http_status', status: response.status });
  }
  if (parsed.kind !== 'object') {
    const detail = parsed.kind === 'not_json' ? 'body is not JSON' : 'body is not a JSON object';
    throw new ProviderRequestError({ endpoint: 'token', failure: 'invalid_response', status: response.status, detail });
  }
  return parsed.value;
}

/** Configured token params are added after the grant's own fields and can never replace them. */
function withTokenParams(body: Record<string, string>, tokenParams: Record<string, string>): Record<string, string> {
  const merged = { ...body };
  for (const [key, value] of Object.entries(tokenParams)) {
    if (!(key in merged)) {
      merged[key] = value;
    }
  }
  return merged;
}

export interface CodeExchange {
  code: string;
  redirectUri: string;
  codeVerifier: string | null;
  tokenParams: Record<string, string>;
}

/** `grant_type=authorization_code` (spec §6.5 step 10); the verifier is omitted when PKCE is off. */
export function exchangeCode(
  http: TransportHttp,
  tokenEndpoint: string,
  auth: ClientAuth,
  exchange: CodeExchange,
): Promise<Record<string, unknown>> {
  const body: Record<string, string> = {
    grant_type: 'authorization_code',
    code: exchange.code,
    redirect_uri: exchange.redirectUri,
  };
  if (exchange.codeVerifier !== null) {
    body['code_verifier'] = exchange.codeVerifier;
  }
  return requestTokens(http, tokenEndpoint, auth, withTokenParams(body, exchange.tokenParams));
}

export interface RefreshExchange {
  refreshToken: string;
  tokenParams: Record<string, string>;
}

/** `grant_type=refresh_token` (spec §9.3 step 3). */
export function refreshGrant(
  http: TransportHttp,
  tokenEndpoint: string,
  auth: ClientAuth,
  refresh: RefreshExchange,
): Promise<Record<string, unknown>> {
  const body = { grant_type: 'refresh_token', refresh_token: refresh.refreshToken };
  return requestTokens(http, tokenEndpoint, auth, withTokenParams(body, refresh.tokenParams));
}
