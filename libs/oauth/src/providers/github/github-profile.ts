import { OAuthError } from '../../errors/oauth-error.js';
import type { OAuthUserInfo } from '../user-info.js';

/** The documented fields of `GET /user` this preset reads. Other keys are kept in `raw`, never trusted. */
export interface GitHubUser {
  /** Numeric, stable, never reassigned: the account key. */
  id: number;
  /** Renamable, and a freed login can be taken by someone else: never an account key. */
  login: string;
  name: string | null;
  /** The PUBLIC profile email: free text the user types, never verified by GitHub. */
  email: string | null;
  avatar_url: string | null;
}

/** One entry of `GET /user/emails`. */
export interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
  visibility: string | null;
}

/** What `GitHubOAuth`'s strategy hands to the profile mapper: `/user` plus the `/user/emails` list (null when unavailable). */
export type GitHubUserInfo = GitHubUser & { emails: GitHubEmail[] | null };

function invalid(field: string): OAuthError {
  return new OAuthError('user_info_missing', `provider user info field ${field} has the wrong type`);
}

function optionalText(raw: Record<string, unknown>, field: string): string | null {
  const value = raw[field];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw invalid(field);
  return value;
}

/** Only entries of the documented shape count; a string "true" is not GitHub saying yes. */
export function parseGitHubEmails(value: unknown): GitHubEmail[] {
  if (!Array.isArray(value)) throw invalid('emails');
  return value.flatMap((entry: unknown): GitHubEmail[] => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { email, primary, verified, visibility } = entry as Record<string, unknown>;
    if (typeof email !== 'string' || email === '') return [];
    return [{ email, primary: primary === true, verified: verified === true, visibility: typeof visibility === 'string' ? visibility : null }];
  });
}

/** The primary address, and whether GitHub verified it. Only `/user/emails` knows either. */
export function primaryEmail(emails: readonly GitHubEmail[] | null): GitHubEmail | null {
  return emails?.find((entry) => entry.primary) ?? null;
}

/**
 * GitHub mapper. The account key is the numeric `id` (a login can be renamed and re-registered by
 * someone else). The email counts as verified only when `/user/emails` says it is the primary AND
 * verified address: the `email` of `/user` is public-profile text anyone can set to any address, so
 * trusting it would let an attacker link into (take over) the individual who owns that address.
 */
export function mapGitHubProfile(raw: Record<string, unknown>): OAuthUserInfo {
  const id = raw['id'];
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
    throw new OAuthError('user_info_missing', 'provider user info missing subject identifier');
  }
  const emails = raw['emails'] === null || raw['emails'] === undefined ? null : parseGitHubEmails(raw['emails']);
  const primary = primaryEmail(emails);
  const verified = primary !== null && primary.verified;
  return {
    providerAccountId: String(id),
    // Without a verified primary the public email may still be shown, but it never counts as verified.
    email: verified ? primary.email : (primary?.email ?? optionalText(raw, 'email')),
    emailVerified: verified,
    name: optionalText(raw, 'name') ?? optionalText(raw, 'login'),
    image: optionalText(raw, 'avatar_url'),
    raw,
  };
}
