import { describe, expect, it } from '@jest/globals';
import { createCipheriv, randomBytes } from 'node:crypto';
import { ConfigurationError } from '../errors/oauth-error.js';
import { Keyring } from './keyring.js';
import { AesGcmSecretBox } from './secret-box.js';

const OLD = 'old-master-secret-0123456789abcdef0123456789';
const NEW = 'new-master-secret-fedcba9876543210fedcba9876';

function kidOf(token: string): string {
  const kid = token.split('.')[1];
  if (kid === undefined) throw new Error('no kid');
  return kid;
}

/** Flips one bit of the decoded body and re-encodes, so the envelope stays well-formed. */
function flipBodyByte(token: string, index: number): string {
  const [version, kid, body] = token.split('.') as [string, string, string];
  const raw = Buffer.from(body, 'base64url');
  raw[index] = (raw[index] ?? 0) ^ 0x01;
  return `${version}.${kid}.${raw.toString('base64url')}`;
}

describe('Keyring and AES-GCM secret box', () => {
  it('round-trips JSON values', () => {
    const box = Keyring.fromSecrets(NEW).box('state');
    const value = { state: 'abc', n: 3, nested: { ok: true, list: [1, 'two', null] }, text: 'é ✓' };
    expect(box.open(box.seal(value))).toEqual(value);
    expect(box.open(box.seal('plain'))).toBe('plain');
    expect(box.open(box.seal(null))).toBeNull();
  });

  it('produces URL- and cookie-safe versioned envelopes with a random IV', () => {
    const box = Keyring.fromSecrets(NEW).box('state');
    const a = box.seal({ same: 'value' });
    const b = box.seal({ same: 'value' });
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(encodeURIComponent(a)).toBe(a);
  });

  it('refuses to seal values JSON cannot represent', () => {
    const box = Keyring.fromSecrets(NEW).box('state');
    expect(() => box.seal(undefined)).toThrow(TypeError);
  });

  it('rotates: old tokens open with [new, old], new tokens use the new key id', () => {
    const oldBox = Keyring.fromSecrets(OLD).box('state');
    const rotated = Keyring.fromSecrets([NEW, OLD]).box('state');
    const newOnly = Keyring.fromSecrets([NEW]).box('state');

    const oldToken = oldBox.seal({ v: 'from-old' });
    expect(rotated.open(oldToken)).toEqual({ v: 'from-old' });

    const newToken = rotated.seal({ v: 'from-new' });
    expect(kidOf(newToken)).toBe(kidOf(newOnly.seal(1)));
    expect(kidOf(newToken)).not.toBe(kidOf(oldToken));
    expect(newOnly.open(newToken)).toEqual({ v: 'from-new' });
    // Once the old secret is dropped, its tokens stop opening; and the old keyring cannot read new tokens.
    expect(newOnly.open(oldToken)).toBeUndefined();
    expect(oldBox.open(newToken)).toBeUndefined();
  });

  it('separates purposes: a token sealed for one purpose opens under no other', () => {
    const ring = Keyring.fromSecrets(NEW);
    const token = ring.box('state').seal({ state: 'x' });
    expect(ring.box('state').open(token)).toEqual({ state: 'x' });
    expect(ring.box('start-token').open(token)).toBeUndefined();
    expect(ring.box('account-cookie').open(token)).toBeUndefined();
    expect(ring.box('tokens-at-rest').open(token)).toBeUndefined();
  });

  it('binds the purpose in the AAD even when two purposes share a key', () => {
    const key = { kid: 'AAAAAAAA', key: randomBytes(32) };
    const token = new AesGcmSecretBox('state', [key]).seal({ a: 1 });
    expect(new AesGcmSecretBox('state', [key]).open(token)).toEqual({ a: 1 });
    expect(new AesGcmSecretBox('start-token', [key]).open(token)).toBeUndefined();
  });

  it('tries every key sharing a key id', () => {
    const first = { kid: 'BBBBBBBB', key: randomBytes(32) };
    const second = { kid: 'BBBBBBBB', key: randomBytes(32) };
    const token = new AesGcmSecretBox('state', [second]).seal('v');
    expect(new AesGcmSecretBox('state', [first, second]).open(token)).toBe('v');
  });

  it('returns undefined for any tampering (IV, ciphertext, tag)', () => {
    const box = Keyring.fromSecrets(NEW).box('state');
    const token = box.seal({ state: 'abc' });
    const length = Buffer.from(token.split('.')[2] ?? '', 'base64url').length;
    for (const index of [0, 11, 12, length - 17, length - 16, length - 1]) {
      expect(box.open(flipBodyByte(token, index))).toBeUndefined();
    }
    // Editing any single character of the string also fails (non-canonical base64url is rejected).
    for (let i = 0; i < token.length; i += 1) {
      const replacement = token[i] === 'A' ? 'B' : 'A';
      expect(box.open(token.slice(0, i) + replacement + token.slice(i + 1))).toBeUndefined();
    }
  });

  it('returns undefined for the wrong key, an unknown kid and re-labelled tokens', () => {
    const box = Keyring.fromSecrets(NEW).box('state');
    const other = Keyring.fromSecrets(OLD).box('state');
    const token = other.seal({ a: 1 });
    expect(box.open(token)).toBeUndefined();
    // Forcing our kid onto a foreign token does not help: the tag does not verify.
    const ownKid = kidOf(box.seal(0));
    expect(box.open(token.replace(kidOf(token), ownKid))).toBeUndefined();
  });

  it('never throws on malformed input', () => {
    const box = Keyring.fromSecrets(NEW).box('state');
    const valid = box.seal({ a: 1 });
    const [, kid, body] = valid.split('.') as [string, string, string];
    const inputs: unknown[] = [
      '',
      'v1',
      'v1..',
      `v2.${kid}.${body}`,
      `v1.${kid}`,
      `v1.${kid}.${body}.extra`,
      `v1.short.${body}`,
      `v1.${kid}.${body}=`,
      `v1.${kid}.@@@@`,
      `v1.${kid}.AAAA`,
      'x'.repeat(100_000),
      42,
      null,
      undefined,
    ];
    for (const input of inputs) {
      expect(() => box.open(input as string)).not.toThrow();
      expect(box.open(input as string)).toBeUndefined();
    }
  });

  it('returns undefined when the plaintext is not JSON', () => {
    const key = { kid: 'CCCCCCCC', key: randomBytes(32) };
    const sealer = new AesGcmSecretBox('state', [key]);
    // An authentic envelope whose plaintext is not JSON (seal() itself can never produce one).
    const token = sealRaw(key.key, key.kid, 'state', 'not json {');
    expect(sealer.open(token)).toBeUndefined();
  });

  it('throws ConfigurationError for an empty list or a blank secret', () => {
    expect(() => Keyring.fromSecrets([])).toThrow(ConfigurationError);
    expect(() => Keyring.fromSecrets('')).toThrow(ConfigurationError);
    expect(() => Keyring.fromSecrets([NEW, '   '])).toThrow(/secret #2 is blank/);
  });

  it('derives key ids that do not contain the secret and differ per purpose', () => {
    const ring = Keyring.fromSecrets(NEW);
    const kids = (['start-token', 'state', 'account-cookie', 'tokens-at-rest'] as const).map((p) =>
      kidOf(ring.box(p).seal(0)),
    );
    expect(new Set(kids).size).toBe(4);
    for (const kid of kids) {
      expect(NEW).not.toContain(kid);
      expect(Buffer.from(NEW).toString('base64url')).not.toContain(kid);
    }
    // Deterministic: the same secret yields the same key id (needed to find the key on open).
    expect(kidOf(Keyring.fromSecrets(NEW).box('state').seal(0))).toBe(kids[1]);
  });
});

/** Seals raw (non-JSON) text with the same envelope, to exercise the JSON failure path. */
function sealRaw(key: Buffer, kid: string, purpose: string, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(`v1.${purpose}.${kid}`, 'utf8'));
  const ct = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return `v1.${kid}.${Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64url')}`;
}
