import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Runs tasks one at a time (a promise-chain mutex). A task started from inside a running task runs
 * at once instead of queueing, since waiting for its own parent would deadlock.
 */
export class SerialGate {
  private tail: Promise<void> = Promise.resolve();
  private readonly inside = new AsyncLocalStorage<true>();

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.inside.getStore() === true) {
      return task();
    }
    const previous = this.tail;
    let release: () => void = () => undefined;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await this.inside.run(true, task);
    } finally {
      release();
    }
  }
}
