import { OAuthError } from '../../errors/oauth-error.js';
import type { OAuthUserInfo } from '../user-info.js';

/** Google's profile fields we read (ID-token claims or OIDC userinfo; spec §3.8). Other keys are ignored. */
export interface GoogleUserInfo {
  sub?: string;
  /** Legacy v2 userinfo id; never used as the account key (see mapGoogleProfile). */
  id?: string;
  email?: string;
  email_verified?: boolean;
  /** Legacy v2 userinfo spelling of `email_verified`. */
  verified_email?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
  picture?: string;
  locale?: string;
  /** Google Workspace domain of the account; absent for consumer accounts. */
  hd?: string;
}

const STRING_FIELDS = ['sub', 'id', 'email', 'name', 'given_name', 'family_name', 'picture', 'locale', 'hd'] as const;
const BOOLEAN_FIELDS = ['email_verified', 'verified_email'] as const;

/**
 * Strict reading, as the reference's model: a wrong type (a string "true" for a boolean) is refused
 * rather than guessed at. Refused as a coded error, so the user sees `user_info_missing`, not a 500.
 */
export function parseGoogleUserInfo(raw: Record<string, unknown>): GoogleUserInfo {
  const info: GoogleUserInfo = {};
  for (const field of STRING_FIELDS) {
    const value = raw[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw new OAuthError('user_info_missing', `provider user info field ${field} has the wrong type`);
    info[field] = value;
  }
  for (const field of BOOLEAN_FIELDS) {
    const value = raw[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'boolean') throw new OAuthError('user_info_missing', `provider user info field ${field} has the wrong type`);
    info[field] = value;
  }
  return info;
}

/** `email_verified` when present, else the legacy `verified_email === true` (spec §3.8). */
export function googleEmailVerified(info: GoogleUserInfo): boolean {
  return info.email_verified ?? info.verified_email === true;
}

/**
 * Google mapper (spec §12). Hardening: the account key is `sub` only. `sub` is Google's stable,
 * never-reassigned identifier; an email can change hands (or be re-registered after deletion), so it
 * never identifies an account, and the legacy `id` is not accepted in its place.
 */
export function mapGoogleProfile(raw: Record<string, unknown>): OAuthUserInfo {
  const info = parseGoogleUserInfo(raw);
  if (info.sub === undefined || info.sub === '') {
    throw new OAuthError('user_info_missing', 'provider user info missing subject identifier');
  }
  return {
    providerAccountId: info.sub,
    email: info.email || null,
    emailVerified: googleEmailVerified(info),
    name: info.name || null,
    image: info.picture || null,
    raw,
  };
}
