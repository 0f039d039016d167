import { afterAll, beforeAll } from '@jest/globals';

/** Something a suite starts once and must stop afterwards: an app, an OP, a harness. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * Registers the start/stop pair a suite needs around a long-lived resource: `start()` before the suite's
 * first test (within `timeoutMs`, as booting an OP and an app is slow), `close()` after its last one, also
 * when a test or the start failed. `bind` hands the started value to the suite's own variable.
 */
export function useForSuite<T extends Closable>(start: () => Promise<T>, bind: (value: T) => void, timeoutMs = 30_000): void {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
    bind(started);
  }, timeoutMs);
  afterAll(async () => {
    await started?.close();
  });
}
