import autocannon from 'autocannon';
import { loadResult, type RunResult } from '../stats.js';

/**
 * A browser-like chain of redirects on one origin: GET `firstPath`, then follow each 302's Location
 * (carrying the cookies set so far), `hops` requests in all. The last Location must match
 * `finalLocation`, otherwise the chain counts as failed (a benchmark of error pages proves nothing).
 */
export interface ChainSpec {
  firstPath: string;
  hops: number;
  finalLocation: RegExp;
}

export interface ChainLoad {
  connections: number;
  /** Seconds; ignored when `chains` is set. */
  durationSec?: number;
  /** Run exactly this many chains instead of for a duration. */
  chains?: number;
}

interface ChainContext {
  t0: number;
  next: string | null;
  cookies: Record<string, string>;
}

type Headers = Record<string, unknown>;

/** Merges `Set-Cookie` header values (one or a list) into a name → value jar, as a browser would. */
export function mergeSetCookies(jar: Record<string, string>, setCookie: unknown): void {
  const values = Array.isArray(setCookie) ? setCookie : setCookie === undefined ? [] : [setCookie];
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const pair = value.slice(0, value.includes(';') ? value.indexOf(';') : value.length);
    const eq = pair.indexOf('=');
    if (eq > 0) jar[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
}

/** A request `Cookie` header for a jar (empty values, i.e. cleared cookies, left out). */
export function cookieHeader(jar: Record<string, string>): Record<string, string> {
  const entries = Object.entries(jar).filter(([, v]) => v !== '');
  return entries.length === 0 ? {} : { cookie: entries.map(([k, v]) => `${k}=${v}`).join('; ') };
}

/** Finds a response header whatever its case (autocannon passes them as received). */
export function header(headers: Record<string, unknown>, name: string): unknown {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}

/** Drives the chain with autocannon (programmatic, in this process) and times whole chains. */
export async function runChain(baseUrl: string, spec: ChainSpec, load: ChainLoad): Promise<RunResult> {
  const latencies: number[] = [];
  let failures = 0;
  // autocannon restarts the chain when setupRequest returns a falsy value; its type says Request.
  const restart = null as unknown as autocannon.Request;

  const onResponse = (step: number) => (status: number, _body: string, raw: object, incoming: Headers | undefined) => {
    const context = raw as ChainContext;
    const headers = incoming ?? {};
    const location = header(headers, 'location');
    mergeSetCookies(context.cookies, header(headers, 'set-cookie'));
    context.next = null;
    if (status !== 302 || typeof location !== 'string') {
      failures += 1;
      return;
    }
    if (step === spec.hops - 1) {
      if (spec.finalLocation.test(location)) latencies.push(performance.now() - context.t0);
      else failures += 1;
      return;
    }
    const path = location.startsWith(baseUrl) ? location.slice(baseUrl.length) : location;
    if (path.startsWith('/')) context.next = path;
    else failures += 1;
  };

  const requests: autocannon.Request[] = [];
  for (let step = 0; step < spec.hops; step += 1) {
    requests.push({
      method: 'GET',
      path: spec.firstPath,
      setupRequest: (request, raw) => {
        const context = raw as ChainContext;
        if (step === 0) {
          context.t0 = performance.now();
          context.next = null;
          context.cookies = {};
          return { ...request, path: spec.firstPath, headers: {} };
        }
        if (context.next === null) return restart;
        return { ...request, path: context.next, headers: cookieHeader(context.cookies) };
      },
      onResponse: onResponse(step),
    });
  }

  const started = performance.now();
  const result = await autocannon({
    url: baseUrl,
    connections: load.connections,
    ...(load.chains === undefined ? { duration: load.durationSec ?? 5 } : { amount: load.chains * spec.hops }),
    requests,
    initialContext: { t0: 0, next: null, cookies: {} },
  });
  return loadResult(latencies, (performance.now() - started) / 1000, failures + result.errors + result.timeouts);
}
