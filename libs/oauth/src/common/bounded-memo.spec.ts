import { describe, expect, it } from '@jest/globals';
import { BoundedMemo } from './bounded-memo.js';

describe('BoundedMemo', () => {
  it('keeps at most maxEntries, evicting the oldest first', () => {
    const memo = new BoundedMemo<string, number>(2);
    memo.set('a', 1);
    memo.set('b', 2);
    memo.set('c', 3);
    expect(memo.size).toBe(2);
    expect(memo.get('a')).toBeUndefined();
    expect(memo.get('b')).toBe(2);
    expect(memo.get('c')).toBe(3);
  });

  it('re-setting a key refreshes its place instead of growing', () => {
    const memo = new BoundedMemo<string, number>(2);
    memo.set('a', 1);
    memo.set('b', 2);
    memo.set('a', 10);
    memo.set('c', 3);
    expect(memo.get('a')).toBe(10);
    expect(memo.get('b')).toBeUndefined();
    expect(memo.size).toBe(2);
  });

  it('deletes, and refuses a non-positive size', () => {
    const memo = new BoundedMemo<string, number>(1);
    memo.set('a', 1);
    memo.delete('a');
    expect(memo.get('a')).toBeUndefined();
    expect(() => new BoundedMemo(0)).toThrow(RangeError);
  });
});
