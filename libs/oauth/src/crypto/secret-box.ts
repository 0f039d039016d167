import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { KeyPurpose } from './key-purpose.js';
import { randomBuffer } from './random-pool.js';

/** Authenticated encryption of JSON values into URL- and cookie-safe strings. */
export interface SecretBox {
  /**
   * Encrypts `value` (JSON-serialisable) with the current key. A `context` is bound as associated
   * data: the result opens only with the same context (e.g. the row and column it is stored in).
   */
  seal(value: unknown, context?: string): string;
  /** Decrypts a sealed string; `undefined` on ANY failure (never throws, so callers fail closed). */
  open(token: string, context?: string): unknown | undefined;
}

/** One derived key and its public identifier. */
export interface DerivedKey {
  readonly kid: string;
  readonly key: Buffer;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Far above any cookie (4 KB), start URL or stored token; bounds the work an attacker can make us do.
const MAX_TOKEN_LENGTH = 64 * 1024;
const KID_PATTERN = /^[A-Za-z0-9_-]{8}$/;
const BASE64URL_PATTERN = /^[A-Za-z0-9_-]+$/;

/**
 * AES-256-GCM envelope `v1.<kid>.<base64url(iv | ciphertext | tag)>`.
 * The AAD binds version, purpose and key id: a token cannot be re-labelled with another kid or
 * version, and a token sealed for one purpose does not open under another even if keys collided.
 */
export class AesGcmSecretBox implements SecretBox {
  private readonly current: DerivedKey;
  /** The AAD per key id, built once: seal/open run on hot paths (every cached session read). */
  private readonly aads = new Map<string, Buffer>();

  /** `keys[0]` encrypts; every key decrypts (rotation). */
  constructor(
    private readonly purpose: KeyPurpose,
    private readonly keys: readonly DerivedKey[],
  ) {
    const first = keys[0];
    if (first === undefined) {
      throw new TypeError('a secret box needs at least one key');
    }
    this.current = first;
    for (const key of keys) this.aads.set(key.kid, Buffer.from(`${VERSION}.${purpose}.${key.kid}`, 'utf8'));
  }

  seal(value: unknown, context?: string): string {
    const json = JSON.stringify(value);
    if (json === undefined) {
      throw new TypeError('secret box can only seal JSON-serialisable values');
    }
    const iv = randomBuffer(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(this.aad(this.current.kid, context));
    const ciphertext = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
    const body = Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64url');
    return `${VERSION}.${this.current.kid}.${body}`;
  }

  open(token: string, context?: string): unknown | undefined {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) {
      return undefined;
    }
    const parts = token.split('.');
    if (parts.length !== 3) {
      return undefined;
    }
    const [version, kid, body] = parts as [string, string, string];
    if (version !== VERSION || !KID_PATTERN.test(kid) || !BASE64URL_PATTERN.test(body)) {
      return undefined;
    }
    const raw = Buffer.from(body, 'base64url');
    // Reject non-canonical base64url (unused trailing bits): every distinct string is a distinct token.
    if (raw.toString('base64url') !== body || raw.length < IV_BYTES + TAG_BYTES + 1) {
      return undefined;
    }
    const iv = raw.subarray(0, IV_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    const ciphertext = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
    // Key ids are short hashes, so two keys could share one: try each candidate.
    for (const candidate of this.keys) {
      if (candidate.kid !== kid) {
        continue;
      }
      const plaintext = this.decrypt(candidate.key, this.aad(kid, context), iv, ciphertext, tag);
      if (plaintext !== undefined) {
        return parseJson(plaintext);
      }
    }
    return undefined;
  }

  private decrypt(key: Buffer, aad: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer): string | undefined {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }

  /** Without a context, exactly the AAD of envelopes sealed before contexts existed (they still open). */
  private aad(kid: string, context: string | undefined): Buffer {
    const base = this.aads.get(kid) ?? Buffer.from(`${VERSION}.${this.purpose}.${kid}`, 'utf8');
    // NUL cannot occur in the base, so no (base, context) pair collides with another.
    return context === undefined ? base : Buffer.concat([base, Buffer.from(`\0${context}`, 'utf8')]);
  }
}

function parseJson(text: string): unknown | undefined {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
