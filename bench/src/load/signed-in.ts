import autocannon from 'autocannon';
import { signInOnce } from '../signin-client.js';
import { loadResult, type RunResult } from '../stats.js';
import { cookieHeader, header, mergeSetCookies } from './chain-spec.js';

export const SIGNED_IN_PATH = '/me';

/**
 * Signs `count` new people in through the contender's own login route and reads `/me` once each
 * (which plants the session cache copy where it is on). Returns one cookie jar per person.
 */
export async function seedSessions(baseUrl: string, count: number): Promise<Record<string, string>[]> {
  const jars: Record<string, string>[] = [];
  for (let i = 0; i < count; i += 1) {
    const { cookies, location } = await signInOnce(baseUrl);
    if (location.endsWith('/auth/error')) throw new Error(`seed sign-in failed at ${baseUrl}`);
    const me = await fetch(`${baseUrl}${SIGNED_IN_PATH}`, { headers: cookieHeader(cookies) });
    await me.arrayBuffer();
    if (me.status !== 200) throw new Error(`seeded session answered ${me.status} on ${SIGNED_IN_PATH}`);
    mergeSetCookies(cookies, me.headers.getSetCookie());
    jars.push(cookies);
  }
  return jars;
}

interface RequestContext {
  t0: number;
  jar: number;
}

/**
 * A signed-in request (`GET /me`) under load: each request carries one of the seeded browsers'
 * cookies in turn and keeps what the response sets (a renewed session or cache cookie), as a browser
 * does. Anything but a 200 is a failure.
 */
export interface SignedInLoad {
  connections: number;
  /** Seconds; ignored when `requests` is set. */
  durationSec?: number;
  /** Run exactly this many requests instead (warm-up: JIT-compiled code, not a wall-clock slice). */
  requests?: number;
}

export async function runSignedIn(baseUrl: string, jars: Record<string, string>[], load: SignedInLoad): Promise<RunResult> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const result = await autocannon({
    url: baseUrl,
    connections: load.connections,
    ...(load.requests === undefined ? { duration: load.durationSec ?? 5 } : { amount: load.requests }),
    initialContext: { t0: 0, jar: 0 },
    requests: [
      {
        method: 'GET',
        path: SIGNED_IN_PATH,
        setupRequest: (request, raw) => {
          const context = raw as RequestContext;
          context.jar = next++ % jars.length;
          context.t0 = performance.now();
          return { ...request, headers: cookieHeader(jars[context.jar] ?? {}) };
        },
        onResponse: (status, _body, raw, headers) => {
          const context = raw as RequestContext;
          if (status !== 200) {
            failures += 1;
            return;
          }
          latencies.push(performance.now() - context.t0);
          const jar = jars[context.jar];
          if (jar) mergeSetCookies(jar, header(headers ?? {}, 'set-cookie'));
        },
      },
    ],
  });
  return loadResult(latencies, (performance.now() - started) / 1000, failures + result.errors + result.timeouts);
}

