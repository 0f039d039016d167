/** Longest redirect target a start accepts (checked by the start, which refuses longer ones with a coded error). */
export const MAX_REDIRECT_TARGET_LENGTH = 2048;

// C0 controls, DEL, and backslash: browsers normalise "\" to "/" (so "/\evil.com" becomes
// "//evil.com") and strip tabs/newlines, which turns harmless-looking paths into other origins.
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;

/**
 * Redirect-target normalisation (spec §6.1.1, hardened per port-decisions): relative paths that
 * start with a single "/", or absolute URLs whose origin is the app's (or a trusted one), with the
 * fragment removed. Everything else becomes null, so an attacker cannot turn the sign-in into an
 * open redirect. Non-ASCII characters come back percent-encoded: a raw `/é` in a Location header is
 * refused by Node (a 500 after the session cookie was set), and `/／／evil.example` must stay a path.
 */
export function normalizeRedirectTarget(
  target: string | null | undefined,
  baseOrigin: string,
  trustedOrigins: readonly string[] = [],
): string | null {
  if (target === null || target === undefined || target === '' || UNSAFE_CHARACTERS.test(target)) return null;
  return normalizeAscii(percentEncodeNonAscii(target), baseOrigin, trustedOrigins);
}

function normalizeAscii(target: string | null, baseOrigin: string, trustedOrigins: readonly string[]): string | null {
  if (target === null) return null;
  if (target.startsWith('/')) {
    if (target.startsWith('//')) return null;
    // Resolve against our own origin: anything that lands elsewhere was a trick.
    const resolved = safeUrl(target, baseOrigin);
    return resolved !== null && resolved.origin.toLowerCase() === baseOrigin ? target : null;
  }
  const url = safeUrl(target);
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null;
  // Userinfo ("https://app@evil.com") is a classic confusion trick; a real target never needs it.
  if (url.username !== '' || url.password !== '') return null;
  const origin = url.origin.toLowerCase();
  if (origin !== baseOrigin && !trustedOrigins.includes(origin)) return null;
  url.hash = '';
  return url.toString();
}

/** Percent-encodes (UTF-8) every non-ASCII run; null for a lone surrogate (not encodable, so not a URL). */
function percentEncodeNonAscii(target: string): string | null {
  try {
    return target.replace(/[^\u0000-\u007f]+/g, (run) => encodeURIComponent(run));
  } catch {
    return null;
  }
}

function safeUrl(value: string, base?: string): URL | null {
  try {
    return new URL(value, base);
  } catch {
    return null;
  }
}

/** Adds `error=<code>` to a redirect URL, replacing an existing `error` and keeping the fragment (spec §6.8). */
export function withErrorParameter(url: string, code: string): string {
  const hashIndex = url.indexOf('#');
  const fragment = hashIndex >= 0 ? url.slice(hashIndex) : '';
  const withoutFragment = hashIndex >= 0 ? url.slice(0, hashIndex) : url;
  const queryIndex = withoutFragment.indexOf('?');
  const path = queryIndex >= 0 ? withoutFragment.slice(0, queryIndex) : withoutFragment;
  const query = new URLSearchParams(queryIndex >= 0 ? withoutFragment.slice(queryIndex + 1) : '');
  query.set('error', code);
  return `${path}?${query.toString()}${fragment}`;
}
