import { createDemoApp, type DemoTestingOptions } from '../bootstrap.js';
import { loadDemoConfig, type DemoConfig } from '../config/demo-config.js';
import { serveInProcess, type InProcessServer } from './in-process-server.js';

export type { InProcessServer } from './in-process-server.js';

/** The demo's configuration for an in-process test: `base` as BASE_URL, in-memory SQLite, then `env`. */
export function testDemoConfig(base: string, env: NodeJS.ProcessEnv): DemoConfig {
  return loadDemoConfig({ BASE_URL: base, PORT: '0', DATABASE_URL: 'sqlite::memory:', ...env });
}

/** The whole demo (testDemoConfig over `env`), served in-process without logging. */
export function serveDemo(env: NodeJS.ProcessEnv, testing: DemoTestingOptions = {}): Promise<InProcessServer> {
  return serveInProcess((base) => createDemoApp(testDemoConfig(base, env), { logger: false }, testing));
}
