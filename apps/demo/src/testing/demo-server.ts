import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppModule } from '../app.module.js';
import { createDemoApp, prepareDemoApp } from '../bootstrap.js';
import { loadDemoConfig, type DemoConfig } from '../config/demo-config.js';
import { DEMO_FETCH } from '../demo-fetch.module.js';
import { serveInProcess, type InProcessServer } from './in-process-server.js';

export type { InProcessServer } from './in-process-server.js';

/** The demo's configuration for an in-process test: `base` as BASE_URL, in-memory SQLite, then `env`. */
export function testDemoConfig(base: string, env: NodeJS.ProcessEnv): DemoConfig {
  return loadDemoConfig({ BASE_URL: base, PORT: '0', DATABASE_URL: 'sqlite::memory:', ...env });
}

/** A `fetch` that records every URL asked for and fails like an unreachable host: proof that a flow needs no network. */
export function noNetwork(): { fetch: typeof globalThis.fetch; calls: string[] } {
  const calls: string[] = [];
  const fetch: typeof globalThis.fetch = async (input) => {
    calls.push(input instanceof Request ? input.url : String(input));
    throw new TypeError('fetch failed: network access is not allowed in this test');
  };
  return { fetch, calls };
}

/**
 * The demo with its network edge swapped the Nest way: `DEMO_FETCH` overridden in a testing module. The
 * override reaches the OAuth module too, whose `forRootAsync` injects DEMO_FETCH as its `fetch` option
 * (e.g. a fetch that throws, to prove a flow needs no network). No logging.
 */
export async function createDemoAppWithFetch(config: DemoConfig, fetch: typeof globalThis.fetch): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [await AppModule.register({ config })] })
    .overrideProvider(DEMO_FETCH)
    .useValue(fetch)
    .compile();
  return prepareDemoApp(moduleRef.createNestApplication({ logger: false }));
}

/**
 * The whole demo (testDemoConfig over `env`), served in-process without logging: booted as production
 * boots it, or with `fetch` as its network edge (createDemoAppWithFetch).
 */
export function serveDemo(env: NodeJS.ProcessEnv, fetch?: typeof globalThis.fetch): Promise<InProcessServer> {
  return serveInProcess((base) =>
    fetch === undefined ? createDemoApp(testDemoConfig(base, env), { logger: false }) : createDemoAppWithFetch(testDemoConfig(base, env), fetch),
  );
}
