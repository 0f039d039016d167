import { OAuthError } from '../../errors/oauth-error.js';
import type { OAuthUserInfo } from '../user-info.js';

/** Microsoft's profile fields we read (ID-token claims merged with Graph userinfo; spec §3.8). */
export interface MicrosoftUserInfo {
  sub: string;
  email?: string;
  preferred_username?: string;
  upn?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  /** A Graph photo as a data URL (or Graph's own picture URL). */
  picture?: string;
  email_verified?: boolean;
  verified_primary_email?: string[];
  verified_secondary_email?: string[];
  /** Tenant id of the account (ID token). */
  tid?: string;
}

const STRING_FIELDS = ['email', 'preferred_username', 'upn', 'name', 'given_name', 'family_name', 'picture', 'tid'] as const;
const LIST_FIELDS = ['verified_primary_email', 'verified_secondary_email'] as const;

function wrongType(field: string): OAuthError {
  return new OAuthError('user_info_missing', `provider user info field ${field} has the wrong type`);
}

/** Strict reading (a wrong type is refused, not guessed), as a coded error rather than a 500. */
export function parseMicrosoftUserInfo(raw: Record<string, unknown>): MicrosoftUserInfo {
  const sub = raw['sub'];
  if (typeof sub !== 'string' || sub === '') {
    throw new OAuthError('user_info_missing', 'provider user info missing subject identifier');
  }
  const info: MicrosoftUserInfo = { sub };
  for (const field of STRING_FIELDS) {
    const value = raw[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw wrongType(field);
    info[field] = value;
  }
  for (const field of LIST_FIELDS) {
    const value = raw[field];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) throw wrongType(field);
    info[field] = value.map(String);
  }
  const verified = raw['email_verified'];
  if (verified !== undefined && verified !== null) {
    if (typeof verified !== 'boolean') throw wrongType('email_verified');
    info.email_verified = verified;
  }
  return info;
}

/** Spec §13.3 order: email → preferred_username → upn → first verified primary → first verified secondary. */
export function microsoftEmail(info: MicrosoftUserInfo): string | null {
  return (
    info.email ||
    info.preferred_username ||
    info.upn ||
    info.verified_primary_email?.[0] ||
    info.verified_secondary_email?.[0] ||
    null
  );
}

/**
 * Conservative: `email`, `preferred_username` and `upn` are attributes a tenant admin (or the user)
 * can set to anything, including someone else's address (the "nOAuth" flaw). Only Microsoft's own
 * verification lists, or an explicit `email_verified`, make the address trustworthy for linking.
 */
export function microsoftEmailVerified(info: MicrosoftUserInfo, email: string | null): boolean {
  if (info.email_verified !== undefined) return info.email_verified;
  if (email === null) return false;
  const wanted = email.toLowerCase();
  const verified = [...(info.verified_primary_email ?? []), ...(info.verified_secondary_email ?? [])];
  return verified.some((entry) => entry.toLowerCase() === wanted);
}

/** Microsoft mapper: the account key is the immutable `sub`, never an email (nOAuth). */
export function mapMicrosoftProfile(raw: Record<string, unknown>): OAuthUserInfo {
  const info = parseMicrosoftUserInfo(raw);
  const email = microsoftEmail(info);
  return {
    providerAccountId: info.sub,
    email,
    emailVerified: microsoftEmailVerified(info, email),
    name: info.name || null,
    image: info.picture || null,
    raw,
  };
}
