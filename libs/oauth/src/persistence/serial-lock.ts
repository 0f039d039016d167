/**
 * A promise-chain mutex, for repository authors whose storage is one shared connection (SQLite
 * through one driver handle, an in-process store): `run` starts `work` once every earlier holder has
 * finished, in call order, and releases the hold when `work` settles, fulfilled or rejected.
 *
 * Not re-entrant, on purpose: `run` called from inside `work` waits for `work` itself and never
 * starts. Work that needs more steps under the same hold does them inside `work` and hands what it
 * holds down explicitly (a repository or connection view that no longer locks). Re-entrancy by
 * AsyncLocalStorage would find the holder by itself, but on Node 20 an enabled AsyncLocalStorage
 * installs a promise hook that runs for every promise in the process, locked or not.
 */
export class SerialLock {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release: () => void = () => undefined;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}
