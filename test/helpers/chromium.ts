import { existsSync } from 'node:fs';
import { describe } from '@jest/globals';

/** Debian's Chromium (never a browser downloaded by a test tool). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

/**
 * Whether the browser suites can run. In CI a missing browser is a failure (.ci/run installs it);
 * on a developer machine the suites are left out with a printed notice (`apt-get install chromium`).
 */
export function requireChromium(suite: string): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env['CI']) throw new Error(`${suite}: ${CHROMIUM_PATH} is missing in CI`);
  // Straight to stderr: Jest does not print the console output of a file whose tests are all skipped.
  process.stderr.write(`${suite}: skipped locally, ${CHROMIUM_PATH} not found (apt-get install chromium)\n`);
  return false;
}

/**
 * `describe`, when Chromium is there. Without it: in CI the suite fails (requireChromium throws); on a
 * developer machine its tests are registered as skipped, after the notice, so `npm test` still passes
 * and Jest's summary counts them as skipped (a spec file that defines no test at all fails the run).
 */
export function describeInChromium(suite: string, name: string, body: () => void): void {
  if (requireChromium(suite)) describe(name, body);
  else describe.skip(`${name} (skipped: no ${CHROMIUM_PATH})`, body);
}
