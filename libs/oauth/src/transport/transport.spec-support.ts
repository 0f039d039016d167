/**
 * Helpers for the transport specs: a routed `fetch` (the network edge is the only thing faked), a
 * settable clock, and the typed rejection of a call. Test-only: the `*.spec-support.ts` name keeps it
 * out of the library build (tsconfig.lib.json).
 */
import { expect } from '@jest/globals';
import type { Clock } from '../common/clock.js';
import type { TransportHttp } from './http.js';

export type RouteHandler = (request: Request) => Response | Promise<Response>;

export interface RoutedFetch {
  fetch: typeof fetch;
  /** Requests seen, in order. */
  requests: Request[];
  /** How many requests hit a URL (query ignored). */
  count(url: string): number;
}

function routeKey(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** A `fetch` that sends each URL (without query) to its handler; unknown URLs fail like a dead host. */
export function routedFetch(routes: Record<string, RouteHandler>): RoutedFetch {
  const requests: Request[] = [];
  const handlers = new Map(Object.entries(routes).map(([url, handler]) => [routeKey(url), handler]));
  const fetchImpl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push(request);
    const handler = handlers.get(routeKey(request.url));
    if (handler === undefined) {
      throw new TypeError('fetch failed');
    }
    return handler(request);
  };
  return {
    fetch: fetchImpl as typeof fetch,
    requests,
    count: (url) => requests.filter((request) => routeKey(request.url) === routeKey(url)).length,
  };
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(date: Date): void;
}

export function manualClock(start = new Date('2030-01-01T00:00:00Z')): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (date) => {
      current = date.getTime();
    },
  };
}

export function httpWith(fetchImpl: typeof fetch, timeoutMs = 1_000): TransportHttp {
  return { fetch: fetchImpl, timeoutMs };
}

/** A promise plus its resolver, to hold a response back while concurrent callers pile up. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** What `promise` rejects with, asserted to be a `type`; a promise that resolves fails the assertion. */
export async function rejectionOf<E extends Error>(type: abstract new (...args: never[]) => E, promise: Promise<unknown>): Promise<E> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}
