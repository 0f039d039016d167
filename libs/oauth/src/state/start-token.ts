import type { SecretBox } from '../crypto/secret-box.js';
import { OAuthError } from '../errors/oauth-error.js';
import type { ResponseCookie } from '../http/cookie-header.js';
import { asObject, parseIsoDate } from './state-helpers.js';

/** What the start trampoline needs: where to send the browser and which state cookies to set first. */
export interface StartTokenContent {
  authorizationUrl: string;
  cookies: ResponseCookie[];
}

const SAME_SITE_VALUES: ReadonlySet<unknown> = new Set(['lax', 'strict', 'none']);

/** Seals the start content with the 'start-token' box, carrying the state's expiry. */
export function sealStartToken(
  box: SecretBox,
  content: { authorizationUrl: string; cookies: ResponseCookie[]; expiresAt: Date },
): string {
  return box.seal({
    authorizationUrl: content.authorizationUrl,
    cookies: content.cookies.map(copyCookie),
    expiresAt: content.expiresAt.toISOString(),
  });
}

/**
 * Opens a start token. Port decision: the token expires with its state (the reference's never
 * expires), so an old start link cannot re-plant state cookies in a browser later.
 * Throws `invalid_start_token` when it does not open, is malformed or has expired.
 */
export function openStartToken(box: SecretBox, token: string, now: Date): StartTokenContent {
  const data = asObject(box.open(token));
  if (data === null) {
    throw invalid();
  }
  const expiresAt = parseIsoDate(data['expiresAt']);
  if (expiresAt === null || expiresAt.getTime() <= now.getTime()) {
    throw invalid();
  }
  const authorizationUrl = data['authorizationUrl'];
  const cookies = data['cookies'];
  if (typeof authorizationUrl !== 'string' || authorizationUrl === '' || !Array.isArray(cookies)) {
    throw invalid();
  }
  return { authorizationUrl, cookies: cookies.map(parseCookie) };
}

function parseCookie(value: unknown): ResponseCookie {
  const c = asObject(value);
  if (
    c === null ||
    typeof c['name'] !== 'string' ||
    typeof c['value'] !== 'string' ||
    typeof c['maxAge'] !== 'number' ||
    !Number.isSafeInteger(c['maxAge']) ||
    c['maxAge'] < 0 ||
    typeof c['path'] !== 'string' ||
    typeof c['httpOnly'] !== 'boolean' ||
    typeof c['secure'] !== 'boolean' ||
    !SAME_SITE_VALUES.has(c['sameSite']) ||
    (c['domain'] !== null && typeof c['domain'] !== 'string')
  ) {
    throw invalid();
  }
  return copyCookie(c as unknown as ResponseCookie);
}

/** A copy with exactly the known fields (nothing extra travels or comes back). */
function copyCookie(c: ResponseCookie): ResponseCookie {
  return {
    name: c.name,
    value: c.value,
    maxAge: c.maxAge,
    path: c.path,
    httpOnly: c.httpOnly,
    secure: c.secure,
    sameSite: c.sameSite,
    domain: c.domain,
  };
}

function invalid(): OAuthError {
  return new OAuthError('invalid_start_token', 'invalid OAuth start token');
}
