import { OAuthError } from '../errors/oauth-error.js';
import type { SecretBox } from './secret-box.js';

const PREFIX = 'enc:v1:';

/**
 * At-rest encoding of provider tokens (spec §10.2). With a box, tokens are stored as
 * `enc:v1:<sealed {value}>`; without one, they pass through. Unprefixed values always read as
 * plaintext, so turning encryption on does not break rows written before.
 */
export class TokenCodec {
  readonly enabled: boolean;

  constructor(private readonly box: SecretBox | null) {
    this.enabled = box !== null;
  }

  encode(value: string | null): string | null {
    if (value === null || this.box === null) {
      return value;
    }
    return PREFIX + this.box.seal({ value });
  }

  decode(value: string | null): string | null {
    if (value === null) {
      return null;
    }
    if (!value.startsWith(PREFIX)) {
      return value;
    }
    if (this.box === null) {
      // A clear error beats handing an encrypted blob to a provider as if it were a token.
      throw new OAuthError(
        'token_decryption_not_configured',
        'stored OAuth tokens are encrypted but decryption is not configured',
      );
    }
    const opened = this.box.open(value.slice(PREFIX.length));
    if (opened === undefined || opened === null || typeof opened !== 'object') {
      throw new OAuthError('token_decryption_failed', 'failed to decrypt stored OAuth tokens');
    }
    const inner = (opened as { value?: unknown }).value;
    return typeof inner === 'string' ? inner : null;
  }
}
