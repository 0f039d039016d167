import { describe, expect, it } from '@jest/globals';
import { SerialLock } from './serial-lock.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('SerialLock', () => {
  it('runs work one at a time, in call order', async () => {
    const lock = new SerialLock();
    const events: string[] = [];
    const task = (label: string) =>
      lock.run(async () => {
        events.push(`${label}:start`);
        await tick();
        events.push(`${label}:end`);
        return label;
      });

    expect(await Promise.all([task('a'), task('b'), task('c')])).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  });

  it('releases the hold when work rejects, and passes the rejection on', async () => {
    const lock = new SerialLock();
    const failure = new Error('work failed');
    const failed = lock.run(async () => {
      await tick();
      throw failure;
    });
    const next = lock.run(async () => 'ran');

    await expect(failed).rejects.toBe(failure);
    expect(await next).toBe('ran');
  });

  it('is not re-entrant: a nested run waits for its holder (the holder passes a non-locking view down instead)', async () => {
    const lock = new SerialLock();
    let nestedStarted = false;
    let nested: Promise<void> = Promise.resolve();
    await lock.run(async () => {
      nested = lock.run(async () => {
        nestedStarted = true;
      });
      await tick();
      expect(nestedStarted).toBe(false);
    });
    await nested;
    expect(nestedStarted).toBe(true);
  });
});
