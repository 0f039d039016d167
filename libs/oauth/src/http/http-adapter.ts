import { parseCookieHeader, serializeSetCookie, type ResponseCookie } from '../common/cookie-header.js';

/**
 * The one place that knows Express and Fastify request/response shapes, so flows stay
 * framework-free. Both expose `headers`, and responses expose `getHeader`.
 * Fastify apps need no extra plugin: Nest's FastifyAdapter registers the urlencoded parser that
 * `form_post` callbacks need. An app created with `bodyParser: false` must register one itself
 * (e.g. `app.register(formbody)` from @fastify/formbody), or those callbacks are answered 415.
 */
interface RequestLike {
  headers?: Record<string, string | string[] | undefined>;
  ip?: string;
  socket?: { remoteAddress?: string };
}

interface ResponseLike {
  getHeader(name: string): unknown;
  setHeader?(name: string, value: string | string[]): unknown;
  removeHeader?(name: string): unknown;
  header?(name: string, value: string | string[]): unknown;
  status?(code: number): unknown;
  code?(code: number): unknown;
  end?(): unknown;
  send?(body?: unknown): unknown;
}

function asRequest(request: unknown): RequestLike {
  return (request ?? {}) as RequestLike;
}

export function requestHeader(request: unknown, name: string): string | undefined {
  const value = asRequest(request).headers?.[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Parsed cookies per request, so guards and the route do not each parse the header again. */
const parsedCookies = new WeakMap<object, { header: string | undefined; cookies: Record<string, string> }>();

/**
 * The request's cookies, parsed once per request (a guard, a second guard and the route all ask).
 * The memo is keyed by the request object and re-checked against the raw header, so a middleware
 * that rewrites the header in between is still honoured. The result is frozen (shared by callers).
 */
export function requestCookies(request: unknown): Record<string, string> {
  const header = requestHeader(request, 'cookie');
  if (typeof request !== 'object' || request === null) return parseCookieHeader(header);
  const memo = parsedCookies.get(request);
  if (memo !== undefined && memo.header === header) return memo.cookies;
  const cookies = Object.freeze(parseCookieHeader(header));
  parsedCookies.set(request, { header, cookies });
  return cookies;
}

export function requestMetadata(request: unknown): { ipAddress: string | null; userAgent: string | null } {
  const req = asRequest(request);
  return { ipAddress: req.ip ?? req.socket?.remoteAddress ?? null, userAgent: requestHeader(request, 'user-agent') ?? null };
}

// Express (`res.header` = `res.set`) and Fastify (`reply.header`) share this method.
function setHeader(response: ResponseLike, name: string, value: string | string[]): void {
  if (typeof response.header === 'function') response.header(name, value);
  else response.setHeader?.(name, value);
}

/** Appends Set-Cookie headers, keeping any the response already carries. */
export function applyCookies(response: unknown, cookies: readonly ResponseCookie[]): void {
  if (cookies.length === 0) return;
  const res = response as ResponseLike;
  const existing = res.getHeader('set-cookie');
  const current = Array.isArray(existing) ? existing.map(String) : typeof existing === 'string' ? [existing] : [];
  // Fastify's `reply.header('set-cookie', …)` appends to what is there while Express's replaces it:
  // removing first makes both write exactly the merged list (no duplicated cookie on Fastify).
  res.removeHeader?.('set-cookie');
  setHeader(res, 'set-cookie', [...current, ...cookies.map(serializeSetCookie)]);
}

export function applyHeaders(response: unknown, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) setHeader(response as ResponseLike, name, value);
}

/** Sends an empty redirect response (Express or Fastify). */
export function sendRedirect(response: unknown, status: number, location: string): void {
  const res = response as ResponseLike;
  setHeader(res, 'location', location);
  if (typeof res.code === 'function' && typeof res.send === 'function') {
    res.code(status);
    res.send();
    return;
  }
  res.status?.(status);
  res.end?.();
}
