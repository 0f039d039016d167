import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { cookie, type CookieSettings } from '../common/cookie-header.js';
import { applyCookies, applyHeaders, requestCookies, requestMetadata, sendRedirect } from './http-adapter.js';

const SETTINGS: CookieSettings = { secure: false, sameSite: 'lax', domain: null };

/** What one handler saw of the request, echoed back in a header for the test to read. */
function handle(request: unknown, response: unknown): void {
  // Two separate calls, as a guard (session renewal) and a route (state cookies) make them.
  applyCookies(response, [cookie('first', '1', 60, SETTINGS)]);
  applyCookies(response, [cookie('second', '2', 60, SETTINGS), cookie('third', '3', 60, SETTINGS)]);
  applyCookies(response, []);
  applyHeaders(response, { 'cache-control': 'no-store', 'x-seen': JSON.stringify({ cookies: { ...requestCookies(request) }, meta: requestMetadata(request) }) });
  sendRedirect(response, 302, 'https://example.com/next');
}

interface Server {
  url: string;
  close(): Promise<void>;
}

async function expressServer(): Promise<Server> {
  const app = express();
  app.get('/', (request, response) => handle(request, response));
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function fastifyServer(): Promise<Server> {
  const app = Fastify();
  app.get('/', (request, reply) => handle(request, reply));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `${url}/`, close: () => app.close() };
}

describe.each([
  ['express', expressServer],
  ['fastify', fastifyServer],
] as const)('http-adapter on %s', (_platform, start) => {
  let server: Server;

  beforeAll(async () => {
    server = await start();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('appends Set-Cookie across calls without duplicating any (Fastify appends on header())', async () => {
    const response = await fetch(server.url, { redirect: 'manual' });
    expect(response.headers.getSetCookie().map((header) => header.split(';')[0])).toEqual(['first=1', 'second=2', 'third=3']);
  });

  it('sends an empty redirect with the given status, location and headers', async () => {
    const response = await fetch(server.url, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://example.com/next');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe('');
  });

  it('reads cookies, client IP and user agent from the request', async () => {
    const response = await fetch(server.url, { redirect: 'manual', headers: { cookie: 'a=1; b=two', 'user-agent': 'adapter-spec' } });
    expect(JSON.parse(response.headers.get('x-seen') ?? '{}')).toEqual({
      cookies: { a: '1', b: 'two' },
      meta: { ipAddress: '127.0.0.1', userAgent: 'adapter-spec' },
    });
  });
});

describe('requestCookies', () => {
  it('parses the Cookie header once per request and shares the (frozen) result with later callers', () => {
    const request = { headers: { cookie: 'a=1; b=2' } };
    const first = requestCookies(request);
    expect(requestCookies(request)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect({ ...first }).toEqual({ a: '1', b: '2' });
  });

  it('parses again when the header changed in between (a middleware rewrote it)', () => {
    const request = { headers: { cookie: 'a=1' } };
    expect({ ...requestCookies(request) }).toEqual({ a: '1' });
    request.headers.cookie = 'a=2';
    expect({ ...requestCookies(request) }).toEqual({ a: '2' });
  });
});
