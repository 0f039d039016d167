import { Agent, request } from 'node:http';
import { loadResult, type RunResult } from '../stats.js';
import { cookieHeader, mergeSetCookies, type ChainLoad, type ChainSpec } from './chain-spec.js';

interface Hop {
  status: number;
  location: string | undefined;
  setCookie: string[] | undefined;
}

function get(agent: Agent, url: URL, headers: Record<string, string>): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: 'GET', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, setCookie: res.headers['set-cookie'] }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * The redirect chain for flows that leave the app's origin (the round trip visits the OP stub's
 * /authorize, which runs in a process of its own on its own port): `connections` browsers, each
 * following the chain hop by hop over keep-alive connections (one pool per origin), cookies of the
 * app's origin carried. autocannon holds one origin per connection, so it drives the one-origin chains.
 * A chain counts when its last Location matches `finalLocation`; chains still running at the
 * deadline finish and count, and the rate divides by the time until the last one ended.
 */
export async function runBrowserChains(baseUrl: string, spec: ChainSpec, load: ChainLoad): Promise<RunResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: load.connections });
  const appOrigin = new URL(baseUrl).origin;
  const latencies: number[] = [];
  let failures = 0;
  let begun = 0;
  const started = performance.now();
  const deadline = started + (load.durationSec ?? 5) * 1000;
  const more = () => (load.chains === undefined ? performance.now() < deadline : begun < load.chains);

  const oneChain = async (): Promise<void> => {
    const t0 = performance.now();
    const cookies: Record<string, string> = {};
    let url = new URL(spec.firstPath, baseUrl);
    for (let step = 0; step < spec.hops; step += 1) {
      const sameOrigin = url.origin === appOrigin;
      const hop = await get(agent, url, sameOrigin ? cookieHeader(cookies) : {});
      if (sameOrigin) mergeSetCookies(cookies, hop.setCookie);
      if (hop.status !== 302 || hop.location === undefined) {
        failures += 1;
        return;
      }
      if (step === spec.hops - 1) {
        if (spec.finalLocation.test(hop.location)) latencies.push(performance.now() - t0);
        else failures += 1;
        return;
      }
      url = new URL(hop.location, url);
    }
  };

  const browser = async (): Promise<void> => {
    while (more()) {
      begun += 1;
      try {
        await oneChain();
      } catch {
        failures += 1;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: load.connections }, browser));
  } finally {
    agent.destroy();
  }
  return loadResult(latencies, (performance.now() - started) / 1000, failures);
}
