import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createCodeVerifier, randomToken, s256Challenge, safeEqual, sha256Hex } from './random.js';

describe('random values', () => {
  it('randomToken gives unpadded base64url of the requested size', () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(Array.from({ length: 50 }, () => randomToken())).size).toBe(50);
    expect(() => randomToken(0)).toThrow(RangeError);
    expect(() => randomToken(1.5)).toThrow(RangeError);
  });

  it('createCodeVerifier gives 86 RFC 7636 characters', () => {
    const verifier = createCodeVerifier();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(createCodeVerifier()).not.toBe(verifier);
  });

  it('s256Challenge matches the RFC 7636 appendix B example', () => {
    expect(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('sha256Hex hashes UTF-8 to lowercase hex', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('é')).toBe(createHash('sha256').update('é', 'utf8').digest('hex'));
  });

  it('safeEqual compares exactly and is false on different lengths', () => {
    expect(safeEqual('state-value', 'state-value')).toBe(true);
    expect(safeEqual('state-value', 'state-valuE')).toBe(false);
    expect(safeEqual('short', 'shorter')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('é', 'e')).toBe(false);
  });
});
