import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { serveDemo } from '../../apps/demo/src/testing/demo-server.js';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium.js';
import { useForSuite } from './suite-lifecycle.js';

/** Where the browser suites leave their screenshots. */
export const BROWSER_ARTIFACTS = join(process.cwd(), 'test-artifacts', 'browser');

/** The demo (default providers: the dev IdP, in-memory SQLite) on a free port, and a headless Chromium. */
export interface DemoInChromium {
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startDemoInChromium(oauthSecret: string): Promise<DemoInChromium> {
  mkdirSync(BROWSER_ARTIFACTS, { recursive: true });
  const demo = await serveDemo({ OAUTH_SECRET: oauthSecret });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, timeout: 30_000 });
  } catch (error) {
    await demo.close();
    throw error;
  }
  return {
    base: demo.base,
    browser,
    async close() {
      await browser.close();
      await demo.close();
    },
  };
}

/** One demo and one Chromium for the whole suite (60 s to boot both), closed after it; `bind` receives them. */
export function useDemoInChromium(oauthSecret: string, bind: (started: DemoInChromium) => void): void {
  useForSuite(() => startDemoInChromium(oauthSecret), bind, 60_000);
}
