import { describe, expect, it } from '@jest/globals';
import { OAuthError } from '../errors/oauth-error.js';
import { thrownOAuthError as errorOf } from '../errors/oauth-error.spec-support.js';
import { Keyring } from './keyring.js';
import type { SecretBox } from './secret-box.js';
import { TokenCodec, type TokenBinding } from './token-codec.js';

const SECRET = 'token-codec-secret-0123456789abcdef0123456789';
const ALICE: TokenBinding = { provider: 'google', providerAccountId: 'alice-sub', column: 'refreshToken' };

describe('TokenCodec', () => {
  const box = Keyring.fromSecrets(SECRET).box('tokens-at-rest');

  it('encrypts with the enc:v2: prefix and decodes back at the same row and column', () => {
    const codec = new TokenCodec(box);
    expect(codec.enabled).toBe(true);
    const encoded = codec.encode('ya29.access-token', ALICE);
    expect(encoded).toMatch(/^enc:v2:v1\./);
    expect(encoded).not.toContain('ya29');
    expect(codec.decode(encoded, ALICE)).toBe('ya29.access-token');
  });

  it.each([
    ['another account of the same provider', { ...ALICE, providerAccountId: 'mallory-sub' }],
    ['the same subject at another provider', { ...ALICE, provider: 'microsoft' }],
    ['another column of the same row', { ...ALICE, column: 'accessToken' as const }],
  ])('attack: a ciphertext swapped into %s does not decrypt (token_decryption_failed)', (_label, elsewhere) => {
    const codec = new TokenCodec(box);
    const victims = codec.encode('victim-refresh-token', ALICE);
    const error = errorOf(() => codec.decode(victims, elsewhere));
    expect(error.code).toBe('token_decryption_failed');
    expect(error.message).not.toContain('victim-refresh-token');
  });

  it('still reads enc:v1: values sealed before ciphertexts were bound (migration)', () => {
    const legacy = 'enc:v1:' + box.seal({ value: 'old-refresh-token' });
    expect(new TokenCodec(box).decode(legacy, ALICE)).toBe('old-refresh-token');
  });

  it('keeps null as null both ways', () => {
    const codec = new TokenCodec(box);
    expect(codec.encode(null, ALICE)).toBeNull();
    expect(codec.decode(null, ALICE)).toBeNull();
  });

  it('passes through without a box and reads plaintext rows with one', () => {
    const plain = new TokenCodec(null);
    expect(plain.enabled).toBe(false);
    expect(plain.encode('raw-token', ALICE)).toBe('raw-token');
    expect(plain.decode('raw-token', ALICE)).toBe('raw-token');
    expect(new TokenCodec(box).decode('legacy-plaintext-token', ALICE)).toBe('legacy-plaintext-token');
  });

  it('fails clearly when an encrypted value meets a codec without a key', () => {
    for (const encoded of [new TokenCodec(box).encode('secret-token', ALICE), 'enc:v1:' + box.seal({ value: 'x' })]) {
      const error = errorOf(() => new TokenCodec(null).decode(encoded, ALICE));
      expect(error.code).toBe('token_decryption_not_configured');
      expect(error.message).toBe('stored OAuth tokens are encrypted but decryption is not configured');
    }
  });

  it('fails with token_decryption_failed on a wrong key or garbage, without leaking the value', () => {
    const encoded = new TokenCodec(box).encode('secret-token', ALICE) ?? '';
    const otherBox = Keyring.fromSecrets('another-secret-0123456789abcdef0123456789').box('tokens-at-rest');
    for (const value of [encoded, 'enc:v1:garbage', 'enc:v2:garbage']) {
      const error = errorOf(() => new TokenCodec(otherBox).decode(value, ALICE));
      expect(error.code).toBe('token_decryption_failed');
      expect(error.message).toBe('failed to decrypt stored OAuth tokens');
      expect(error.message).not.toContain('secret-token');
    }
    // A token sealed under another purpose is not a stored token either.
    const wrongPurpose = 'enc:v1:' + Keyring.fromSecrets(SECRET).box('state').seal({ value: 'x' });
    expect(errorOf(() => new TokenCodec(box).decode(wrongPurpose, ALICE)).code).toBe('token_decryption_failed');
  });

  it('returns null when the decrypted inner value is not a string', () => {
    const codec = new TokenCodec(box);
    expect(codec.decode('enc:v1:' + box.seal({ value: 42 }), ALICE)).toBeNull();
    expect(codec.decode('enc:v1:' + box.seal({ other: 'x' }), ALICE)).toBeNull();
    expect(() => codec.decode('enc:v1:' + box.seal('not-an-object'), ALICE)).toThrow(OAuthError);
  });

  it('decodes after secret rotation', () => {
    const old = new TokenCodec(Keyring.fromSecrets('old-secret-0123456789abcdef0123456789').box('tokens-at-rest'));
    const stored = old.encode('refresh-token', ALICE);
    const rotated = new TokenCodec(
      Keyring.fromSecrets([SECRET, 'old-secret-0123456789abcdef0123456789']).box('tokens-at-rest'),
    );
    expect(rotated.decode(stored, ALICE)).toBe('refresh-token');
  });
  describe('memoised opening (an unchanged row is not decrypted again)', () => {
    /** The box, counting how often a value is actually decrypted. */
    const counting = () => {
      const counter = { opens: 0 };
      const wrapped: SecretBox = {
        seal: (value, context) => box.seal(value, context),
        open: (token, context) => {
          counter.opens += 1;
          return box.open(token, context);
        },
      };
      return { codec: new TokenCodec(wrapped), counter };
    };

    it('opens a stored value once, and again only when the row holds a new ciphertext', () => {
      const { codec, counter } = counting();
      const stored = codec.encode('ya29.first', ALICE);
      expect(codec.decode(stored, ALICE)).toBe('ya29.first');
      expect(codec.decode(stored, ALICE)).toBe('ya29.first');
      expect(counter.opens).toBe(1);
      // A refresh writes a new ciphertext (a fresh IV even for the same token): it is opened again.
      const updated = codec.encode('ya29.second', ALICE);
      expect(codec.decode(updated, ALICE)).toBe('ya29.second');
      expect(counter.opens).toBe(2);
    });

    it.each([
      ['another account of the same provider', { ...ALICE, providerAccountId: 'mallory-sub' }],
      ['another column of the same row', { ...ALICE, column: 'accessToken' as const }],
    ])('attack: a memoised ciphertext swapped into %s still does not decrypt', (_label, elsewhere) => {
      const { codec } = counting();
      const victims = codec.encode('victim-refresh-token', ALICE);
      expect(codec.decode(victims, ALICE)).toBe('victim-refresh-token');
      expect(errorOf(() => codec.decode(victims, elsewhere)).code).toBe('token_decryption_failed');
    });

    it('attack: an edited copy of a memoised ciphertext is opened and refused, never served from the memo', () => {
      const { codec, counter } = counting();
      const stored = codec.encode('ya29.access', ALICE) ?? '';
      codec.decode(stored, ALICE);
      const edited = `${stored.slice(0, -3)}${stored.at(-3) === 'A' ? 'B' : 'A'}${stored.slice(-2)}`;
      expect(errorOf(() => codec.decode(edited, ALICE)).code).toBe('token_decryption_failed');
      expect(errorOf(() => codec.decode(edited, ALICE)).code).toBe('token_decryption_failed');
      expect(counter.opens).toBe(3);
    });
  });
});
