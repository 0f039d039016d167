import { OAuthError } from '../../errors/oauth-error.js';
import type { OAuthUserInfo } from '../user-info.js';
import { APPLE_PRIVATE_RELAY_DOMAIN } from './apple-endpoints.js';

/** The documented claims of Apple's ID token this preset reads. */
export interface AppleIdTokenClaims {
  sub: string;
  email?: string;
  /** Apple has sent both the boolean and the string `"true"` / `"false"`. */
  email_verified?: boolean | 'true' | 'false';
  is_private_email?: boolean | 'true' | 'false';
}

/** Only `true` and `"true"` mean yes (Apple's two spellings); anything else is no. */
export function appleBoolean(value: unknown): boolean {
  return value === true || value === 'true';
}

const MAX_NAME_LENGTH = 200;

function namePart(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // Control characters have no business in a display name (they would reach pages and logs).
  const text = value.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return text === '' ? null : text;
}

/**
 * The name from the `user` form field Apple posts on the FIRST authorization only
 * (`{"name":{"firstName":"…","lastName":"…"},"email":"…"}`). It is not signed, so only the name is
 * taken (the email always comes from the verified ID token); a malformed field is ignored.
 */
export function nameFromUserField(field: string | undefined): string | null {
  if (field === undefined || field.length > 4096) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(field);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const name = (parsed as Record<string, unknown>)['name'];
  if (typeof name !== 'object' || name === null) return null;
  const { firstName, lastName } = name as Record<string, unknown>;
  const full = [namePart(firstName), namePart(lastName)].filter((part) => part !== null).join(' ');
  return full === '' ? null : full.slice(0, MAX_NAME_LENGTH);
}

/** A "Hide My Email" relay address: Apple says so, or the address is on the relay domain. */
export function isPrivateRelayEmail(claims: Record<string, unknown>, email: string | null): boolean {
  return appleBoolean(claims['is_private_email']) || (email !== null && email.toLowerCase().endsWith(`@${APPLE_PRIVATE_RELAY_DOMAIN}`));
}

/**
 * Apple mapper: the verified ID token's `sub` is the account key; `email_verified` in either
 * spelling. A private-relay address is verified (Apple delivers to it) but is a per-app alias, not
 * proof that its holder is whoever else registered it here: it never links implicitly by email.
 */
export function mapAppleProfile(claims: Record<string, unknown>, userField: string | undefined): OAuthUserInfo {
  const sub = claims['sub'];
  if (typeof sub !== 'string' || sub === '') throw new OAuthError('user_info_missing', 'provider user info missing subject identifier');
  const email = typeof claims['email'] === 'string' && claims['email'] !== '' ? claims['email'] : null;
  const relay = isPrivateRelayEmail(claims, email);
  return {
    providerAccountId: sub,
    email,
    emailVerified: email !== null && appleBoolean(claims['email_verified']),
    name: nameFromUserField(userField),
    image: null,
    raw: claims,
    ...(relay ? { allowImplicitLinking: false } : {}),
  };
}
