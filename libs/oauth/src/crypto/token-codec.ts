import { BoundedMemo } from '../common/bounded-memo.js';
import { OAuthError } from '../errors/oauth-error.js';
import type { SecretBox } from './secret-box.js';

/** Values sealed before ciphertexts were bound to their row and column: still read, never written. */
const LEGACY_PREFIX = 'enc:v1:';
const PREFIX = 'enc:v2:';

/** Opened tokens kept per codec (see `decode`): enough for the accounts in use at once. */
const MEMO_ENTRIES = 1024;

/** The stored token columns. */
export type TokenColumn = 'accessToken' | 'refreshToken' | 'idToken';

/** Where a token is stored: the account row (provider + provider account id, unique) and the column. */
export interface TokenBinding {
  provider: string;
  providerAccountId: string;
  column: TokenColumn;
}

/** The binding of one column of an account row (anything carrying the row's unique key). */
export function tokenBinding(row: { provider: string; providerAccountId: string }, column: TokenColumn): TokenBinding {
  return { provider: row.provider, providerAccountId: row.providerAccountId, column };
}

function bindingContext(binding: TokenBinding): string {
  // JSON of an array: unambiguous whatever characters the ids contain.
  return JSON.stringify(['oauth_account_token', binding.provider, binding.providerAccountId, binding.column]);
}

/**
 * At-rest encoding of provider tokens (spec §10.2, hardened). With a box, tokens are stored as
 * `enc:v2:<sealed {value}>`, the envelope bound (AAD) to its account row and column: someone who can
 * write to the table (SQL injection, a restored backup, a rogue operator) cannot move a victim's
 * refresh token into their own account row, or an ID token into the access-token column, and have us
 * decrypt and use it. Without a box, tokens pass through. Unprefixed values always read as
 * plaintext and `enc:v1:` values (unbound) still open, so existing rows keep working.
 */
export class TokenCodec {
  readonly enabled: boolean;
  /** Opened tokens by (binding, stored value); see `decode`. */
  private readonly opened = new BoundedMemo<string, string | null>(MEMO_ENTRIES);

  constructor(private readonly box: SecretBox | null) {
    this.enabled = box !== null;
  }

  encode(value: string | null, binding: TokenBinding): string | null {
    if (value === null || this.box === null) {
      return value;
    }
    return PREFIX + this.box.seal({ value }, bindingContext(binding));
  }

  decode(value: string | null, binding: TokenBinding): string | null {
    if (value === null) {
      return null;
    }
    const bound = value.startsWith(PREFIX);
    if (!bound && !value.startsWith(LEGACY_PREFIX)) {
      return value;
    }
    if (this.box === null) {
      // A clear error beats handing an encrypted blob to a provider as if it were a token.
      throw new OAuthError(
        'token_decryption_not_configured',
        'stored OAuth tokens are encrypted but decryption is not configured',
      );
    }
    // Memoised per exact (binding, stored value): opening is a pure function of the two and the
    // codec's fixed keys, so an unchanged row is not decrypted again on every getAccessToken. Security:
    // only values that authenticated are stored, the key holds the whole ciphertext and the binding
    // (an edited value, or the same value moved to another row or column, misses and is opened and
    // refused as before), and a row that changes has a new ciphertext (fresh IV), so it misses too.
    const context = bound ? bindingContext(binding) : undefined;
    const memoKey = `${context ?? ''}\0${value}`;
    const memoised = this.opened.get(memoKey);
    if (memoised !== undefined) return memoised;
    const sealed = value.slice(PREFIX.length);
    const opened = this.box.open(sealed, context);
    if (opened === undefined || opened === null || typeof opened !== 'object') {
      throw new OAuthError('token_decryption_failed', 'failed to decrypt stored OAuth tokens');
    }
    const inner = (opened as { value?: unknown }).value;
    const token = typeof inner === 'string' ? inner : null;
    this.opened.set(memoKey, token);
    return token;
  }
}
