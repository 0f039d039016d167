import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../errors/oauth-error.js';
import { assertProviderUrl, isAllowedProviderUrl, providerFetch, readJsonObject, type TransportHttp } from './http.js';
import { ProviderRequestError } from '../errors/transport-errors.js';
import { rejectionOf } from './transport.spec-support.js';

const realHttp: TransportHttp = { fetch: globalThis.fetch, timeoutMs: 200 };

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function failure(promise: Promise<unknown>): Promise<ProviderRequestError> {
  return rejectionOf(ProviderRequestError, promise);
}

describe('providerFetch against a real HTTP server on 127.0.0.1', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/hang') {
        return; // never answers: the timeout must end the request
      }
      if (request.url === '/slow-body') {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.write('{"partial":');
        return; // headers sent, body stalls
      }
      if (request.url === '/html') {
        response.writeHead(200, { 'Content-Type': 'text/html' });
        response.end('<html>secret-looking body</html>');
        return;
      }
      if (request.url === '/array') {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('[1,2]');
        return;
      }
      if (request.url === '/bom-chunked') {
        // A UTF-8 byte order mark, and the body in several chunks without a declared length.
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.write('\uFEFF{"name":"Zoë",');
        response.end('"n":1}');
        return;
      }
      if (request.url === '/redirect') {
        response.writeHead(302, { Location: 'http://example.com/' });
        response.end();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ ok: true, accept: request.headers.accept }));
    });
    base = await listen(server);
  });

  afterAll(async () => {
    await close(server);
  });

  it('returns the JSON object of a normal answer', async () => {
    const response = await providerFetch(realHttp, 'discovery', `${base}/ok`, {
      method: 'GET',
      headers: { Accept: 'application/json' },
    });
    await expect(readJsonObject(response, 'discovery')).resolves.toEqual({ ok: true, accept: 'application/json' });
  });

  it('ends a request that gets no answer with failure "timeout"', async () => {
    const started = Date.now();
    const error = await failure(providerFetch(realHttp, 'token', `${base}/hang`, { method: 'POST' }));
    expect(error.failure).toBe('timeout');
    expect(error.endpoint).toBe('token');
    expect(error.code).toBe('provider_unavailable');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('applies the timeout to a body that stalls after the headers', async () => {
    const response = await providerFetch(realHttp, 'userinfo', `${base}/slow-body`, { method: 'GET' });
    const error = await failure(readJsonObject(response, 'userinfo'));
    expect(error.failure).toBe('timeout');
  });

  it('maps a refused connection to failure "network"', async () => {
    const closed = createServer();
    const url = await listen(closed);
    await close(closed);
    const error = await failure(providerFetch(realHttp, 'jwks', `${url}/keys`, { method: 'GET' }));
    expect(error.failure).toBe('network');
    expect(error.message).toBe('jwks endpoint could not be reached');
  });

  it('rejects a non-JSON body without echoing it', async () => {
    const response = await providerFetch(realHttp, 'userinfo', `${base}/html`, { method: 'GET' });
    const error = await failure(readJsonObject(response, 'userinfo'));
    expect(error.failure).toBe('invalid_response');
    expect(error.message).not.toContain('secret-looking');
  });

  it('rejects JSON that is not an object', async () => {
    const response = await providerFetch(realHttp, 'discovery', `${base}/array`, { method: 'GET' });
    expect((await failure(readJsonObject(response, 'discovery'))).failure).toBe('invalid_response');
  });

  it('reads a chunked body like Response.text() would (UTF-8, leading BOM removed), through the byte cap', async () => {
    const response = await providerFetch(realHttp, 'discovery', `${base}/bom-chunked`, { method: 'GET' });
    await expect(readJsonObject(response, 'discovery')).resolves.toEqual({ name: 'Zoë', n: 1 });
    const small: TransportHttp = { ...realHttp, maxResponseBytes: 10 };
    const capped = await providerFetch(small, 'discovery', `${base}/bom-chunked`, { method: 'GET' });
    expect((await failure(readJsonObject(capped, 'discovery'))).failure).toBe('response_too_large');
  });

  it('does not follow redirects (credentials must not travel to another host)', async () => {
    const response = await providerFetch(realHttp, 'token', `${base}/redirect`, { method: 'GET' });
    expect(response.status).toBe(302);
  });

  it('refuses to send anything to a non-loopback http URL', async () => {
    let called = false;
    const http: TransportHttp = {
      fetch: (async () => {
        called = true;
        return new Response('{}');
      }) as typeof fetch,
      timeoutMs: 200,
    };
    const error = await failure(providerFetch(http, 'userinfo', 'http://idp.example.com/userinfo', { method: 'GET' }));
    expect(error.failure).toBe('insecure_url');
    expect(called).toBe(false);
  });
});

describe('provider URL policy', () => {
  it.each([
    'https://idp.example.com/.well-known/openid-configuration',
    'https://idp.example.com:8443/token?x=1',
    'http://localhost:3000/token',
    'http://127.0.0.1/token',
    'http://127.255.0.9:9000/jwks',
    'http://[::1]:4000/authorize',
  ])('allows %s', (url) => {
    expect(isAllowedProviderUrl(url)).toBe(true);
    expect(() => assertProviderUrl(url, 'tokenEndpoint')).not.toThrow();
  });

  it.each([
    'http://idp.example.com/token',
    'http://localhost.evil.com/token',
    'http://128.0.0.1/token',
    'http://10.0.0.1/token',
    'http://[::2]/token',
    'ftp://idp.example.com/token',
    'javascript:alert(1)',
    'not a url',
    'https://user:pass@idp.example.com/token',
  ])('rejects %s', (url) => {
    expect(isAllowedProviderUrl(url)).toBe(false);
    expect(() => assertProviderUrl(url, 'tokenEndpoint')).toThrow(ConfigurationError);
  });

  it('names the option but not the URL in the bootstrap error', () => {
    expect(() => assertProviderUrl('https://user:hunter2@idp.example.com', 'google: tokenEndpoint')).toThrow(
      'google: tokenEndpoint must be an https URL (http is allowed only for loopback hosts)',
    );
  });
});
