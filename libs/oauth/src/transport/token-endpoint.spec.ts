import { describe, expect, it } from '@jest/globals';
import { httpWith, jsonResponse, rejectionOf, routedFetch, type RouteHandler } from './transport.spec-support.js';
import { exchangeCode, refreshGrant, requestTokens, type ClientAuth } from './token-endpoint.js';
import { ProviderRequestError } from '../errors/transport-errors.js';
import { fetchUserinfo } from './userinfo.js';

const TOKEN = 'https://idp.example.com/token';
const USERINFO = 'https://idp.example.com/userinfo';
const post: ClientAuth = { clientId: 'client-1', clientSecret: 's3cret', authMethod: 'client_secret_post' };

async function captured(handler: RouteHandler, auth: ClientAuth, body: Record<string, string> = { grant_type: 'x' }) {
  const net = routedFetch({ [TOKEN]: handler });
  const result = await requestTokens(httpWith(net.fetch), TOKEN, auth, body);
  const request = net.requests[0];
  if (request === undefined) {
    throw new Error('no request sent');
  }
  return { result, request, form: new URLSearchParams(await request.text()) };
}

function failure(handler: RouteHandler): Promise<ProviderRequestError> {
  const net = routedFetch({ [TOKEN]: handler });
  return rejectionOf(ProviderRequestError, requestTokens(httpWith(net.fetch), TOKEN, post, { grant_type: 'x', code: 'the-code' }));
}

describe('requestTokens outcomes', () => {
  it('returns the JSON object of a 2xx answer', async () => {
    const { result, request } = await captured(() => jsonResponse({ access_token: 'at', token_type: 'Bearer' }), post);
    expect(result).toEqual({ access_token: 'at', token_type: 'Bearer' });
    expect(request.method).toBe('POST');
    expect(request.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(request.headers.get('accept')).toBe('application/json');
  });

  it.each([400, 401, 200])('maps a JSON error body at HTTP %i to oauth_error', async (status) => {
    const error = await failure(() => jsonResponse({ error: 'invalid_grant', error_description: 'code the-code expired' }, status));
    expect(error).toMatchObject({ endpoint: 'token', failure: 'oauth_error', oauthError: 'invalid_grant', status });
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toBe('token endpoint returned OAuth error invalid_grant');
    expect(error.message).not.toContain('the-code');
  });

  it('does not echo a strange error value in the message', async () => {
    const error = await failure(() => jsonResponse({ error: 'bad\nvalue "quoted"' }, 400));
    expect(error.oauthError).toBe('bad\nvalue "quoted"');
    expect(error.message).toBe('token endpoint returned OAuth error unknown');
  });

  it.each([500, 502, 404])('maps HTTP %i without a JSON error to http_status', async (status) => {
    const error = await failure(() => new Response('<html>upstream access_token=leak</html>', { status }));
    expect(error).toMatchObject({ failure: 'http_status', status });
    expect(error.message).toBe(`token endpoint answered HTTP ${status}`);
  });

  it('maps a JSON object without error on a 5xx to http_status', async () => {
    expect((await failure(() => jsonResponse({ message: 'oops' }, 503))).failure).toBe('http_status');
  });

  it('maps a non-JSON 2xx to invalid_response', async () => {
    const error = await failure(() => new Response('access_token=at&token_type=bearer', { status: 200 }));
    expect(error.failure).toBe('invalid_response');
    expect(error.message).not.toContain('access_token=at');
  });

  it('maps a JSON array 2xx to invalid_response', async () => {
    expect((await failure(() => jsonResponse(['at']))).failure).toBe('invalid_response');
  });

  it('maps a network failure to network', async () => {
    const net = routedFetch({});
    const error: unknown = await requestTokens(httpWith(net.fetch), TOKEN, post, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ endpoint: 'token', failure: 'network' });
  });
});

describe('client authentication', () => {
  it('client_secret_basic: form-urlencodes id and secret, then base64 "id:secret" (RFC 6749 §2.3.1)', async () => {
    const auth: ClientAuth = { clientId: 'client:1 é', clientSecret: 'p@ss+w/rd%', authMethod: 'client_secret_basic' };
    const { request, form } = await captured(() => jsonResponse({ access_token: 'at' }), auth);
    const header = request.headers.get('authorization') ?? '';
    expect(header.startsWith('Basic ')).toBe(true);
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    expect(decoded).toBe('client%3A1+%C3%A9:p%40ss%2Bw%2Frd%25');
    expect(form.has('client_secret')).toBe(false);
    expect(form.has('client_id')).toBe(false);
  });

  it('client_secret_post: id and secret in the body, no Authorization header', async () => {
    const { request, form } = await captured(() => jsonResponse({ access_token: 'at' }), post);
    expect(request.headers.get('authorization')).toBeNull();
    expect(form.get('client_id')).toBe('client-1');
    expect(form.get('client_secret')).toBe('s3cret');
  });

  it('none: only the client id in the body', async () => {
    const auth: ClientAuth = { clientId: 'public-client', clientSecret: null, authMethod: 'none' };
    const { request, form } = await captured(() => jsonResponse({ access_token: 'at' }), auth);
    expect(request.headers.get('authorization')).toBeNull();
    expect(form.get('client_id')).toBe('public-client');
    expect(form.has('client_secret')).toBe(false);
  });
});

describe('grants', () => {
  it('exchangeCode sends the code grant with the verifier and token params that cannot override it', async () => {
    const net = routedFetch({ [TOKEN]: () => jsonResponse({ access_token: 'at' }) });
    await exchangeCode(httpWith(net.fetch), TOKEN, post, {
      code: 'the-code',
      redirectUri: 'https://app.example.com/cb',
      codeVerifier: 'verifier',
      tokenParams: { audience: 'api', code: 'other' },
    });
    const form = new URLSearchParams(await net.requests[0]?.text());
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'https://app.example.com/cb',
      code_verifier: 'verifier',
      audience: 'api',
      client_id: 'client-1',
      client_secret: 's3cret',
    });
  });

  it('exchangeCode omits code_verifier when there is none', async () => {
    const net = routedFetch({ [TOKEN]: () => jsonResponse({ access_token: 'at' }) });
    await exchangeCode(httpWith(net.fetch), TOKEN, post, { code: 'c', redirectUri: 'https://app/cb', codeVerifier: null, tokenParams: {} });
    expect(new URLSearchParams(await net.requests[0]?.text()).has('code_verifier')).toBe(false);
  });

  it('refreshGrant sends the refresh grant with token params', async () => {
    const net = routedFetch({ [TOKEN]: () => jsonResponse({ access_token: 'at2' }) });
    const result = await refreshGrant(httpWith(net.fetch), TOKEN, post, { refreshToken: 'rt', tokenParams: { scope: 'openid' } });
    expect(result).toEqual({ access_token: 'at2' });
    const form = new URLSearchParams(await net.requests[0]?.text());
    expect(form.get('grant_type')).toBe('refresh_token');
    expect(form.get('refresh_token')).toBe('rt');
    expect(form.get('scope')).toBe('openid');
  });
});

describe('fetchUserinfo', () => {
  it('sends the bearer token and returns the profile', async () => {
    const net = routedFetch({ [USERINFO]: () => jsonResponse({ sub: '42', email: 'a@example.com' }) });
    await expect(fetchUserinfo(httpWith(net.fetch), USERINFO, 'access-token')).resolves.toEqual({ sub: '42', email: 'a@example.com' });
    expect(net.requests[0]?.headers.get('authorization')).toBe('Bearer access-token');
    expect(net.requests[0]?.headers.get('accept')).toBe('application/json');
  });

  it('maps a non-2xx answer to http_status', async () => {
    const net = routedFetch({ [USERINFO]: () => jsonResponse({ error: 'invalid_token' }, 401) });
    const error: unknown = await fetchUserinfo(httpWith(net.fetch), USERINFO, 'access-token').catch((e: unknown) => e);
    expect(error).toMatchObject({ endpoint: 'userinfo', failure: 'http_status', status: 401 });
    expect((error as Error).message).not.toContain('access-token');
  });

  it.each([['"just a string"'], ['[1]'], ['not json']])('maps body %s to invalid_response', async (body) => {
    const net = routedFetch({ [USERINFO]: () => new Response(body, { status: 200 }) });
    const error: unknown = await fetchUserinfo(httpWith(net.fetch), USERINFO, 'at').catch((e: unknown) => e);
    expect(error).toMatchObject({ endpoint: 'userinfo', failure: 'invalid_response' });
  });
});
