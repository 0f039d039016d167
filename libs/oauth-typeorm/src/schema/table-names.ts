/** The adapter's tables under a prefix (default none: `individuals`, `sessions`, …). */
export interface OAuthTableNames {
  individuals: string;
  sessions: string;
  accounts: string;
  states: string;
  tokenUses: string;
}

/**
 * Letters, digits and underscores only, at most 24 characters: the prefix is written into SQL as part
 * of an identifier, so anything else is refused instead of quoted. Keeps every derived name (index
 * and constraint names included) within MySQL's 64-character limit.
 */
const TABLE_PREFIX = /^[A-Za-z0-9_]{0,24}$/;

export function validateTablePrefix(tablePrefix: string): string {
  if (!TABLE_PREFIX.test(tablePrefix)) {
    throw new Error('tablePrefix must be at most 24 letters, digits or underscores');
  }
  return tablePrefix;
}

export function oauthTableNames(tablePrefix = ''): OAuthTableNames {
  const prefix = validateTablePrefix(tablePrefix);
  return {
    individuals: `${prefix}individuals`,
    sessions: `${prefix}sessions`,
    accounts: `${prefix}oauth_accounts`,
    states: `${prefix}oauth_states`,
    tokenUses: `${prefix}oauth_token_uses`,
  };
}
