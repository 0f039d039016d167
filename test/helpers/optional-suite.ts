import { describe } from '@jest/globals';

/**
 * `describe(name, …)` with a resource the suite needs (a browser, a database server) when it is there.
 * When it is not (the caller has already thrown in CI, where a missing resource is a failure), the
 * notice goes to stderr and the same tests are registered as skipped: Jest then counts them as
 * skipped, whereas a spec file that defines no test at all fails the whole run.
 */
export function describeWhenAvailable<T>(resource: T | null, need: string, name: string, body: (resource: T) => void): void {
  if (resource !== null) {
    describe(name, () => body(resource));
    return;
  }
  // Straight to stderr: Jest does not print the console output of a file whose tests are all skipped.
  process.stderr.write(`${name}: skipped locally, needs ${need}\n`);
  // In a skipped describe no hook and no test body runs, so nothing ever reads the missing resource.
  describe.skip(`${name} (skipped: needs ${need})`, () => body(undefined as T));
}
