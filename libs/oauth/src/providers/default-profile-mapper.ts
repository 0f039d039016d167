import { OAuthError } from '../errors/oauth-error.js';
import type { OAuthUserInfo } from './user-info.js';

function text(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}

/**
 * Default raw-profile mapper (spec §14.2). Only a real boolean counts as verified: a string
 * "true" is not proof of anything.
 */
export function mapDefaultProfile(profile: Record<string, unknown>): OAuthUserInfo {
  const subject = text(profile['sub']) ?? text(profile['id']);
  if (subject === null) throw new OAuthError('user_info_missing', 'provider user info missing subject identifier');
  const verified =
    typeof profile['email_verified'] === 'boolean'
      ? profile['email_verified']
      : typeof profile['verified_email'] === 'boolean'
        ? profile['verified_email']
        : false;
  return {
    providerAccountId: subject,
    email: text(profile['email']),
    emailVerified: verified,
    name: text(profile['name']),
    image: text(profile['picture']) ?? text(profile['avatar_url']),
    raw: profile,
  };
}
