import { describe, expect, it } from '@jest/globals';
import { randomBase64url, randomBuffer } from './random-pool.js';

describe('pooled CSPRNG draws', () => {
  it('gives the requested sizes, in and beyond the pooled range', () => {
    expect(randomBase64url(32)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomBase64url(64)).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(randomBuffer(12)).toHaveLength(12);
    expect(randomBuffer(4096)).toHaveLength(4096);
  });

  it('never hands the same bytes out twice, across pool refills', () => {
    // 20,000 draws of 32 bytes cross dozens of 8 KiB refills.
    const seen = new Set(Array.from({ length: 20_000 }, () => randomBase64url(32)));
    expect(seen.size).toBe(20_000);
  });

  it('returns buffers of their own: changing one changes no later draw', () => {
    const first = randomBuffer(16);
    const copy = Buffer.from(first);
    first.fill(0);
    const second = randomBuffer(16);
    expect(second.equals(Buffer.alloc(16))).toBe(false);
    expect(second.equals(copy)).toBe(false);
    expect(first.buffer === second.buffer && first.byteOffset === second.byteOffset).toBe(false);
  });

  it('looks uniform: every bit position is set in about half of many draws', () => {
    const counts = new Array<number>(256).fill(0);
    const draws = 4000;
    for (let i = 0; i < draws; i += 1) {
      const bytes = randomBuffer(32);
      for (let bit = 0; bit < 256; bit += 1) if (((bytes[bit >> 3] ?? 0) >> (bit & 7)) & 1) counts[bit] = (counts[bit] ?? 0) + 1;
    }
    // 4000 fair coin flips: mean 2000, sd ~32; 6 sd either side is never reached by a CSPRNG.
    for (const count of counts) expect(Math.abs(count - draws / 2)).toBeLessThan(200);
  });
});
