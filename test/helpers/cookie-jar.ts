/**
 * A small RFC 6265 cookie jar for TestBrowser: one jar per origin host (`hostname:port`), honouring Max-Age,
 * Expires, Path and SameSite. Domain is ignored (cookies stay on the exact host:port that set them) and Secure
 * is not enforced, because tests run over http on 127.0.0.1/localhost, which browsers treat as secure contexts.
 */

export type SameSite = 'strict' | 'lax' | 'none';

export interface StoredCookie {
  name: string;
  value: string;
  path: string;
  /** Epoch ms; null = session cookie. */
  expiresAt: number | null;
  sameSite: SameSite;
  httpOnly: boolean;
  secure: boolean;
}

export interface CookieRequestContext {
  method: string;
  /** True when the navigation was started by a page of another site (e.g. an IdP's form_post page). */
  crossSite: boolean;
}

/** `http://127.0.0.1:3000`, `http://127.0.0.1:3000/x` or bare `127.0.0.1:3000` → `127.0.0.1:3000`. */
export function hostKey(origin: string | URL): string {
  if (origin instanceof URL) return origin.host;
  return origin.includes('://') ? new URL(origin).host : origin;
}

/** RFC 6265 §5.1.4 default-path: the request path up to (not including) its last '/'. */
function defaultPath(url: URL): string {
  const path = url.pathname;
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}

/** RFC 6265 §5.1.4 path-match. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/';
}

function parseSameSite(value: string): SameSite {
  const lower = value.toLowerCase();
  return lower === 'strict' || lower === 'none' ? lower : 'lax';
}

/** Parses one Set-Cookie header value; returns the cookie and whether it is already expired (= a deletion). */
export function parseSetCookie(header: string, url: URL, now: number): { cookie: StoredCookie; expired: boolean } | null {
  const [pair = '', ...attributes] = header.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return null;
  const cookie: StoredCookie = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim(),
    path: defaultPath(url),
    expiresAt: null,
    // Browsers default an unspecified SameSite to Lax.
    sameSite: 'lax',
    httpOnly: false,
    secure: false,
  };
  let maxAge: number | undefined;
  let expires: number | undefined;
  for (const attribute of attributes) {
    const sep = attribute.indexOf('=');
    const key = (sep === -1 ? attribute : attribute.slice(0, sep)).trim().toLowerCase();
    const value = sep === -1 ? '' : attribute.slice(sep + 1).trim();
    if (key === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
    else if (key === 'expires' && !Number.isNaN(Date.parse(value))) expires = Date.parse(value);
    else if (key === 'path' && value.startsWith('/')) cookie.path = value;
    else if (key === 'samesite') cookie.sameSite = parseSameSite(value);
    else if (key === 'httponly') cookie.httpOnly = true;
    else if (key === 'secure') cookie.secure = true;
  }
  // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
  if (maxAge !== undefined) cookie.expiresAt = now + maxAge * 1000;
  else if (expires !== undefined) cookie.expiresAt = expires;
  return { cookie, expired: cookie.expiresAt !== null && cookie.expiresAt <= now };
}

export class CookieJar {
  private readonly jars = new Map<string, StoredCookie[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Applies one Set-Cookie header received from `url`. */
  store(url: URL, header: string): void {
    const parsed = parseSetCookie(header, url, this.now());
    if (!parsed) return;
    const { cookie, expired } = parsed;
    const key = hostKey(url);
    const kept = (this.jars.get(key) ?? []).filter((c) => !(c.name === cookie.name && c.path === cookie.path));
    if (!expired) kept.push(cookie);
    this.jars.set(key, kept);
  }

  /** The Cookie header value for a request to `url`, or null when no cookie applies. */
  header(url: URL, context: CookieRequestContext): string | null {
    const now = this.now();
    const matching = this.live(hostKey(url), now)
      .filter((c) => pathMatches(url.pathname || '/', c.path))
      .filter((c) => sameSiteAllows(c.sameSite, context))
      // RFC 6265 §5.4: longer paths first.
      .sort((a, b) => b.path.length - a.path.length);
    return matching.length === 0 ? null : matching.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  /** All live cookies of an origin as name → value (the longest path wins on duplicate names). */
  cookies(origin: string | URL): Record<string, string> {
    const out: Record<string, string> = {};
    const sorted = [...this.live(hostKey(origin), this.now())].sort((a, b) => a.path.length - b.path.length);
    for (const cookie of sorted) out[cookie.name] = cookie.value;
    return out;
  }

  /** Full records (attributes included), e.g. to assert HttpOnly/SameSite/Path of a cookie the app set. */
  records(origin: string | URL): StoredCookie[] {
    return this.live(hostKey(origin), this.now()).map((c) => ({ ...c }));
  }

  set(origin: string | URL, name: string, value: string, path = '/'): void {
    const key = hostKey(origin);
    const kept = (this.jars.get(key) ?? []).filter((c) => !(c.name === name && c.path === path));
    kept.push({ name, value, path, expiresAt: null, sameSite: 'lax', httpOnly: false, secure: false });
    this.jars.set(key, kept);
  }

  /** Deletes the cookie `name` on every path of the origin. */
  delete(origin: string | URL, name: string): void {
    const key = hostKey(origin);
    this.jars.set(key, (this.jars.get(key) ?? []).filter((c) => c.name !== name));
  }

  private live(key: string, now: number): StoredCookie[] {
    const all = this.jars.get(key) ?? [];
    const alive = all.filter((c) => c.expiresAt === null || c.expiresAt > now);
    if (alive.length !== all.length) this.jars.set(key, alive);
    return alive;
  }
}

/**
 * SameSite as browsers apply it to top-level navigations: Strict cookies never travel on cross-site requests,
 * Lax ones only on cross-site GET navigations, so a cross-site form_post callback arrives WITHOUT Lax cookies.
 */
function sameSiteAllows(sameSite: SameSite, context: CookieRequestContext): boolean {
  if (!context.crossSite || sameSite === 'none') return true;
  return sameSite === 'lax' && context.method.toUpperCase() === 'GET';
}
