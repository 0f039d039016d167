import { providerFetch, readJsonObject, type TransportHttp } from './http.js';
import { ProviderRequestError } from '../errors/transport-errors.js';

/** GET the userinfo endpoint with the bearer token; non-2xx → `http_status`, non-object → `invalid_response`. */
export async function fetchUserinfo(
  http: TransportHttp,
  endpoint: string,
  accessToken: string,
): Promise<Record<string, unknown>> {
  const response = await providerFetch(http, 'userinfo', endpoint, {
    method: 'GET',
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
  });
  if (!response.ok) {
    // Drain the body so the connection can be reused; its content is deliberately ignored.
    await response.body?.cancel().catch(() => undefined);
    throw new ProviderRequestError({ endpoint: 'userinfo', failure: 'http_status', status: response.status });
  }
  return readJsonObject(response, 'userinfo');
}
