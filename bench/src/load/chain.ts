import autocannon from 'autocannon';
import { loadResult, type RunResult } from '../stats.js';
import { runBrowserChains } from './browser-chain.js';
import { cookieHeader, header, mergeSetCookies, type ChainLoad, type ChainSpec } from './chain-spec.js';

export type { ChainLoad, ChainSpec } from './chain-spec.js';

interface ChainContext {
  t0: number;
  next: string | null;
  cookies: Record<string, string>;
}

type Headers = Record<string, unknown>;

/**
 * Drives the chain and times whole chains: with autocannon (programmatic, in this process) while it
 * stays on the app's origin, with browser-chain.ts when it visits the OP stub's origin.
 */
export async function runChain(baseUrl: string, spec: ChainSpec, load: ChainLoad): Promise<RunResult> {
  if (spec.crossOrigin) return runBrowserChains(baseUrl, spec, load);
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
