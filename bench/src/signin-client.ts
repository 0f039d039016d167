/**
 * Follows one browser sign-in on loopback with fetch (manual redirects, cookies carried) and
 * returns the final Location. Used to seed accounts before the in-process benchmarks.
 */
export async function signInOnce(baseUrl: string, firstPath = '/login/oidc', maxHops = 8): Promise<string> {
  const cookies = new Map<string, string>();
  let url = `${baseUrl}${firstPath}`;
  for (let hop = 0; hop < maxHops; hop += 1) {
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    await response.arrayBuffer();
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const location = response.headers.get('location');
    if (response.status !== 302 || location === null) throw new Error(`sign-in stopped at hop ${hop} with HTTP ${response.status}`);
    const next = new URL(location, url);
    if (next.origin !== baseUrl || /\/(welcome|auth\/error)$/.test(next.pathname) || next.pathname === '/') return next.pathname;
    url = next.href;
  }
  throw new Error('sign-in did not finish');
}
