import type { Clock } from '../common/clock.js';

/**
 * A hand-driven clock for tests. It defaults to the real time at construction (not a fixed date) so
 * values produced by real components that read the system time (an identity provider's `iat`, for
 * instance) still line up with it; pass `start` for fully deterministic tests.
 */
export class TestClock implements Clock {
  private current: number;

  constructor(start?: Date) {
    this.current = start === undefined ? Date.now() : TestClock.checked(start.getTime());
  }

  /** A fresh Date each call, so a caller mutating it cannot move the clock. */
  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = TestClock.checked(this.current + ms);
  }

  set(date: Date): void {
    this.current = TestClock.checked(date.getTime());
  }

  private static checked(time: number): number {
    if (!Number.isFinite(time)) {
      throw new RangeError('TestClock needs a finite time');
    }
    return time;
  }
}
