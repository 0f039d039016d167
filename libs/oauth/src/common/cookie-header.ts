/** A cookie to set on the response, independent of any HTTP framework. */
export interface ResponseCookie {
  name: string;
  value: string;
  maxAge: number;
  path: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'lax' | 'strict' | 'none';
  domain: string | null;
}

/** The app-wide cookie attributes (Secure follows the base URL's scheme). */
export interface CookieSettings {
  secure: boolean;
  sameSite: 'lax' | 'strict' | 'none';
  domain: string | null;
  /** `__Host-` when the base URL is https and no Domain is set; '' (or absent) otherwise. */
  namePrefix?: '' | '__Host-';
}

/**
 * The name a cookie is set and read under. `__Host-` (RFC 6265bis §4.1.3.2) makes the browser refuse the
 * cookie unless it is Secure, Path=/ and host-only, so a sibling subdomain or a plain-http response
 * cannot plant or overwrite our session or state cookies (cookie tossing, session fixation).
 */
export function cookieNameWithPrefix(settings: CookieSettings, name: string): string {
  const prefix = settings.namePrefix ?? '';
  return name.startsWith(prefix) ? name : `${prefix}${name}`;
}

// RFC 6265 §4.1.1: cookie-name is an RFC 7230 token, cookie-value is cookie-octets (no quotes, comma,
// semicolon, backslash, whitespace or controls). Refusing anything else prevents header injection.
const NAME_PATTERN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE_PATTERN = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;
// Attribute values may not contain ';' or controls (they would start a new attribute or header).
const ATTRIBUTE_PATTERN = /^[\x20-\x3A\x3C-\x7E]+$/;

const SAME_SITE_LABEL = { lax: 'Lax', strict: 'Strict', none: 'None' } as const;

/** Serialises one `Set-Cookie` header value. Throws on anything that is not cookie-safe. */
export function serializeSetCookie(cookie: ResponseCookie): string {
  if (!NAME_PATTERN.test(cookie.name)) {
    throw new TypeError('invalid cookie name');
  }
  if (!VALUE_PATTERN.test(cookie.value)) {
    // The value itself is not echoed: it may be a secret.
    throw new TypeError(`invalid characters in the value of cookie ${cookie.name}`);
  }
  if (!Number.isSafeInteger(cookie.maxAge) || cookie.maxAge < 0) {
    throw new TypeError(`invalid Max-Age for cookie ${cookie.name}`);
  }
  if (!ATTRIBUTE_PATTERN.test(cookie.path) || !cookie.path.startsWith('/')) {
    throw new TypeError(`invalid Path for cookie ${cookie.name}`);
  }
  if (cookie.domain !== null && !ATTRIBUTE_PATTERN.test(cookie.domain)) {
    throw new TypeError(`invalid Domain for cookie ${cookie.name}`);
  }
  const sameSite = SAME_SITE_LABEL[cookie.sameSite];
  if (sameSite === undefined) {
    throw new TypeError(`invalid SameSite for cookie ${cookie.name}`);
  }
  const parts = [`${cookie.name}=${cookie.value}`, `Max-Age=${cookie.maxAge}`, `Path=${cookie.path}`];
  if (cookie.domain !== null) {
    parts.push(`Domain=${cookie.domain}`);
  }
  if (cookie.httpOnly) {
    parts.push('HttpOnly');
  }
  if (cookie.secure) {
    parts.push('Secure');
  }
  parts.push(`SameSite=${sameSite}`);
  return parts.join('; ');
}

/**
 * Parses a request `Cookie` header. Tolerant (skips malformed pairs), first occurrence wins, values
 * are kept verbatim (no URI decoding, no quote stripping). The result has no prototype, so a cookie
 * named `__proto__` or `constructor` is just a key.
 */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const cookies = Object.create(null) as Record<string, string>;
  if (header === undefined || header === '') {
    return cookies;
  }
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) {
      continue;
    }
    const name = pair.slice(0, eq).trim();
    if (name === '' || Object.prototype.hasOwnProperty.call(cookies, name)) {
      continue;
    }
    cookies[name] = pair.slice(eq + 1).trim();
  }
  return cookies;
}

/** A cookie with the app-wide attributes, path `/` and HttpOnly. */
export function cookie(name: string, value: string, maxAgeSeconds: number, settings: CookieSettings): ResponseCookie {
  return {
    name,
    value,
    maxAge: maxAgeSeconds,
    path: '/',
    httpOnly: true,
    secure: settings.secure,
    sameSite: settings.sameSite,
    domain: settings.domain,
  };
}

/** Deletes a cookie: same attributes, empty value, Max-Age 0 (must match path/domain to take effect). */
export function expiredCookie(name: string, settings: CookieSettings, path = '/'): ResponseCookie {
  return { ...cookie(name, '', 0, settings), path };
}
