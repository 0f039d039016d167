import { createHmac, hkdfSync } from 'node:crypto';
import { ConfigurationError } from '../errors/oauth-error.js';
import type { KeyPurpose } from './key-purpose.js';
import { AesGcmSecretBox, type DerivedKey, type SecretBox } from './secret-box.js';

// Fixed, public salt: HKDF only needs it to be constant per application of the scheme (RFC 5869 §3.1).
const HKDF_SALT = Buffer.from('belgie-oauth/nestjs keyring salt v1', 'utf8');
const KEY_BYTES = 32;
const KID_LABEL = 'belgie-oauth key id v1';

/**
 * Master secrets → one AES-256 subkey per purpose (HKDF-SHA256). Secrets are `[current, ...previous]`:
 * the current one encrypts, all of them decrypt, so a secret can be rotated without logging everyone out.
 */
export class Keyring {
  private readonly boxes = new Map<KeyPurpose, SecretBox>();

  private constructor(private readonly secrets: readonly string[]) {}

  static fromSecrets(secrets: string | readonly string[]): Keyring {
    const list: readonly string[] = typeof secrets === 'string' ? [secrets] : secrets;
    if (list.length === 0) {
      throw new ConfigurationError('OAuth secret list is empty; give at least one secret');
    }
    const problems: string[] = [];
    list.forEach((secret, index) => {
      if (typeof secret !== 'string' || secret.trim() === '') {
        problems.push(`secret #${index + 1} is blank`);
      }
    });
    if (problems.length > 0) {
      throw new ConfigurationError('Invalid OAuth secret', problems);
    }
    return new Keyring([...list]);
  }

  /** The secret box for one purpose (cached: derivation runs once per purpose). */
  box(purpose: KeyPurpose): SecretBox {
    let box = this.boxes.get(purpose);
    if (box === undefined) {
      box = new AesGcmSecretBox(
        purpose,
        this.secrets.map((secret) => deriveKey(secret, purpose)),
      );
      this.boxes.set(purpose, box);
    }
    return box;
  }
}

function deriveKey(secret: string, purpose: KeyPurpose): DerivedKey {
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), HKDF_SALT, purpose, KEY_BYTES));
  // The key id is a MAC keyed by the derived key: it names the key without revealing anything about it.
  const kid = createHmac('sha256', key).update(KID_LABEL, 'utf8').digest('base64url').slice(0, 8);
  return { kid, key };
}
