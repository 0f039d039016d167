import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A re-entrant promise-chain mutex. TypeORM's SQLite driver has one connection shared by every
 * caller: while a transaction is open on it, any other query would silently join that transaction
 * (and vanish if it rolls back), and a second `BEGIN` would become a savepoint of the first. So on
 * SQLite every repository operation runs one at a time. Code already running under the lock (the
 * transaction's own work) re-enters without waiting, so it cannot deadlock on itself.
 */
export class SerialLock {
  private tail: Promise<void> = Promise.resolve();
  private readonly holder = new AsyncLocalStorage<SerialLock>();

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.holder.getStore() === this) {
      return work();
    }
    const previous = this.tail;
    let release: () => void = () => undefined;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await this.holder.run(this, work);
    } finally {
      release();
    }
  }
}
