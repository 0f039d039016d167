import { describe, expect, it } from '@jest/globals';
import { OAuthError } from '../errors/oauth-error.js';
import { thrownOAuthError as errorOf } from '../errors/oauth-error.spec-support.js';
import { Keyring } from './keyring.js';
import { TokenCodec } from './token-codec.js';

const SECRET = 'token-codec-secret-0123456789abcdef0123456789';

describe('TokenCodec', () => {
  const box = Keyring.fromSecrets(SECRET).box('tokens-at-rest');

  it('encrypts with the enc:v1: prefix and decodes back', () => {
    const codec = new TokenCodec(box);
    expect(codec.enabled).toBe(true);
    const encoded = codec.encode('ya29.access-token');
    expect(encoded).toMatch(/^enc:v1:v1\./);
    expect(encoded).not.toContain('ya29');
    expect(codec.decode(encoded)).toBe('ya29.access-token');
  });

  it('keeps null as null both ways', () => {
    const codec = new TokenCodec(box);
    expect(codec.encode(null)).toBeNull();
    expect(codec.decode(null)).toBeNull();
  });

  it('passes through without a box and reads plaintext rows with one', () => {
    const plain = new TokenCodec(null);
    expect(plain.enabled).toBe(false);
    expect(plain.encode('raw-token')).toBe('raw-token');
    expect(plain.decode('raw-token')).toBe('raw-token');
    expect(new TokenCodec(box).decode('legacy-plaintext-token')).toBe('legacy-plaintext-token');
  });

  it('fails clearly when an encrypted value meets a codec without a key', () => {
    const encoded = new TokenCodec(box).encode('secret-token');
    const error = errorOf(() => new TokenCodec(null).decode(encoded));
    expect(error.code).toBe('token_decryption_not_configured');
    expect(error.message).toBe('stored OAuth tokens are encrypted but decryption is not configured');
  });

  it('fails with token_decryption_failed on a wrong key or garbage, without leaking the value', () => {
    const encoded = new TokenCodec(box).encode('secret-token') ?? '';
    const otherBox = Keyring.fromSecrets('another-secret-0123456789abcdef0123456789').box('tokens-at-rest');
    for (const value of [encoded, 'enc:v1:garbage']) {
      const error = errorOf(() => new TokenCodec(otherBox).decode(value));
      expect(error.code).toBe('token_decryption_failed');
      expect(error.message).toBe('failed to decrypt stored OAuth tokens');
      expect(error.message).not.toContain('secret-token');
    }
    // A token sealed under another purpose is not a stored token either.
    const wrongPurpose = 'enc:v1:' + Keyring.fromSecrets(SECRET).box('state').seal({ value: 'x' });
    expect(errorOf(() => new TokenCodec(box).decode(wrongPurpose)).code).toBe('token_decryption_failed');
  });

  it('returns null when the decrypted inner value is not a string', () => {
    const codec = new TokenCodec(box);
    expect(codec.decode('enc:v1:' + box.seal({ value: 42 }))).toBeNull();
    expect(codec.decode('enc:v1:' + box.seal({ other: 'x' }))).toBeNull();
    expect(() => codec.decode('enc:v1:' + box.seal('not-an-object'))).toThrow(OAuthError);
  });

  it('decodes after secret rotation', () => {
    const old = new TokenCodec(Keyring.fromSecrets('old-secret-0123456789abcdef0123456789').box('tokens-at-rest'));
    const stored = old.encode('refresh-token');
    const rotated = new TokenCodec(
      Keyring.fromSecrets([SECRET, 'old-secret-0123456789abcdef0123456789']).box('tokens-at-rest'),
    );
    expect(rotated.decode(stored)).toBe('refresh-token');
  });
});
