/**
 * A browser-like chain of redirects: GET `firstPath`, then follow each 302's Location
 * (carrying the cookies set so far), `hops` requests in all. The last Location must match
 * `finalLocation`, otherwise the chain counts as failed (a benchmark of error pages proves nothing).
 */
export interface ChainSpec {
  firstPath: string;
  hops: number;
  finalLocation: RegExp;
  /** The chain visits another origin (the OP stub's /authorize, in its own process) before it ends. */
  crossOrigin: boolean;
}

export interface ChainLoad {
  connections: number;
  /** Seconds; ignored when `chains` is set. */
  durationSec?: number;
  /** Run exactly this many chains instead of for a duration. */
  chains?: number;
}

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
