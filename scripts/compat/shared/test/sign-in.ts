// Walks a whole sign-in over real HTTP, as a browser would: the app's /login, the library's start
// route, the OpenID Provider (test/fixtures/oidc-provider finishes its interaction by itself), the
// library's callback, and finally the app's /me. Shared by the compatibility apps' Jest e2e test and
// by scripts/compat/run.mjs (booted app, real Node), so it uses only erasable TypeScript and `fetch`.

export interface SignedIn {
  /** Where the redirect chain ended. */
  finalUrl: string;
  status: number;
  body: unknown;
  /** Every URL requested, in order (for failure messages: no cookies, no tokens). */
  hops: string[];
}

const MAX_HOPS = 12;

/** Name -> value per origin; paths and expiry are ignored, which is enough for one short flow. */
class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  header(url: URL): string {
    const cookies = this.byOrigin.get(url.origin) ?? new Map<string, string>();
    return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  store(url: URL, setCookies: string[]): void {
    const cookies = this.byOrigin.get(url.origin) ?? new Map<string, string>();
    for (const line of setCookies) {
      const pair = line.split(';', 1)[0] ?? '';
      const separator = pair.indexOf('=');
      if (separator <= 0) continue;
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = /;\s*max-age=0/i.test(line) || /;\s*expires=thu, 01 jan 1970/i.test(line);
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    this.byOrigin.set(url.origin, cookies);
  }
}

/** GET `${appBaseUrl}/login?return_to=/me` and follow every redirect; the last response is read as JSON. */
export async function signIn(appBaseUrl: string): Promise<SignedIn> {
  const jar = new CookieJar();
  const hops: string[] = [];
  let url = new URL('/login?return_to=/me', appBaseUrl);
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    hops.push(`${url.origin}${url.pathname}`);
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url) } });
    jar.store(url, response.headers.getSetCookie());
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      url = new URL(location, url);
      continue;
    }
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text for the failure message
    }
    return { finalUrl: url.toString(), status: response.status, body, hops };
  }
  throw new Error(`sign-in did not settle after ${MAX_HOPS} redirects: ${hops.join(' -> ')}`);
}

/** Throws unless the flow ended on /me, signed in as `email`. */
export function assertSignedIn(result: SignedIn, email: string): void {
  const ok =
    new URL(result.finalUrl).pathname === '/me' &&
    result.status === 200 &&
    typeof result.body === 'object' &&
    result.body !== null &&
    (result.body as { email?: unknown }).email === email;
  if (!ok) {
    throw new Error(`expected to end signed in as ${email} on /me, got ${result.status} at ${result.finalUrl}: ` +
      `${JSON.stringify(result.body)} (hops: ${result.hops.join(' -> ')})`);
  }
}
