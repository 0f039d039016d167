import { describe, expect, it } from '@jest/globals';
import { TestClock } from './test-clock.js';

describe('TestClock', () => {
  it('starts at the given date and moves only when told', () => {
    const clock = new TestClock(new Date('2030-01-01T00:00:00.000Z'));
    expect(clock.now().toISOString()).toBe('2030-01-01T00:00:00.000Z');

    clock.advance(1_500);
    expect(clock.now().toISOString()).toBe('2030-01-01T00:00:01.500Z');

    clock.advance(-500);
    expect(clock.now().toISOString()).toBe('2030-01-01T00:00:01.000Z');

    clock.set(new Date('2031-02-03T04:05:06.007Z'));
    expect(clock.now().toISOString()).toBe('2031-02-03T04:05:06.007Z');
  });

  it('defaults to the real time at construction', () => {
    const before = Date.now();
    const clock = new TestClock();
    const after = Date.now();
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(before);
    expect(clock.now().getTime()).toBeLessThanOrEqual(after);
  });

  it('cannot be moved by mutating the dates it hands out or was given', () => {
    const start = new Date('2030-01-01T00:00:00.000Z');
    const clock = new TestClock(start);
    start.setTime(0);
    clock.now().setTime(0);
    expect(clock.now().toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });

  it('rejects invalid times', () => {
    expect(() => new TestClock(new Date('not a date'))).toThrow(RangeError);
    const clock = new TestClock(new Date(0));
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.set(new Date(Number.NaN))).toThrow(RangeError);
    expect(clock.now().getTime()).toBe(0);
  });
});
