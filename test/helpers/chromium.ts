import { existsSync } from 'node:fs';
import { describeWhenAvailable } from './optional-suite.js';

/** Debian's Chromium (never a browser downloaded by a test tool). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

/**
 * Whether the browser suites can run. In CI a missing browser is a failure (.ci/run installs it); on a
 * developer machine the suites are skipped with a printed notice (`apt-get install chromium`).
 */
export function requireChromium(suite: string): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env['CI']) throw new Error(`${suite}: ${CHROMIUM_PATH} is missing in CI`);
  return false;
}

/** `describe` when Chromium is there; see describeWhenAvailable for what happens when it is not. */
export function describeInChromium(suite: string, name: string, body: () => void): void {
  describeWhenAvailable(requireChromium(suite) ? CHROMIUM_PATH : null, `${CHROMIUM_PATH} (apt-get install chromium)`, name, () => body());
}
