/** Where a redirect chain followed with fetch ended. */
export interface FollowedChain {
  /** Requests made (each answered with a redirect). */
  hops: number;
  /** The last Location, as sent. */
  location: string;
  /** Cookies set on the app's origin along the way (name → value). */
  cookies: Record<string, string>;
  /** Some request before the last went to another origin than `baseUrl` (the OP stub's). */
  crossOrigin: boolean;
}

/**
 * Follows a browser's redirects on loopback with fetch (manual redirects, cookies carried) from
 * `firstPath` until a Location satisfies `isFinal`. Used to seed signed-in sessions and to learn how
 * many hops a contender's chain takes (one-hop start or trampoline) before it is benchmarked.
 */
export async function followChain(baseUrl: string, firstPath: string, isFinal: (location: string) => boolean, maxHops = 8): Promise<FollowedChain> {
  const cookies: Record<string, string> = {};
  let url = `${baseUrl}${firstPath}`;
  let crossOrigin = false;
  for (let hop = 1; hop <= maxHops; hop += 1) {
    const cookie = Object.entries(cookies).filter(([, v]) => v !== '').map(([k, v]) => `${k}=${v}`).join('; ');
    const sameOrigin = new URL(url).origin === new URL(baseUrl).origin;
    crossOrigin ||= !sameOrigin;
    // Cookies are the app's: none are sent to, or kept from, the OP stub's origin.
    const response = await fetch(url, { redirect: 'manual', headers: cookie && sameOrigin ? { cookie } : {} });
    await response.arrayBuffer();
    for (const line of sameOrigin ? response.headers.getSetCookie() : []) {
      const pair = line.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) cookies[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    const location = response.headers.get('location');
    if (response.status !== 302 || location === null) throw new Error(`${firstPath}: stopped at hop ${hop} with HTTP ${response.status}`);
    if (isFinal(location)) return { hops: hop, location, cookies, crossOrigin };
    url = new URL(location, url).href;
  }
  throw new Error(`${firstPath}: no final Location after ${maxHops} hops`);
}

/** Where every contender's sign-in ends: its post-sign-in page, or the error page. */
export const SIGNED_IN = /^\/(welcome|auth\/error)?$/;

/** One whole browser sign-in from the app's login route; returns the chain (cookies included). */
export function signInOnce(baseUrl: string, firstPath = '/login/oidc'): Promise<FollowedChain> {
  return followChain(baseUrl, firstPath, (location) => {
    const next = new URL(location, baseUrl);
    return next.origin === baseUrl && SIGNED_IN.test(next.pathname);
  });
}
