import type { DynamicModule, INestApplication, NestApplicationOptions } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { setupApiDocs } from './api-docs.js';
import { AppModule, type DemoTestingOptions } from './app.module.js';
import type { DemoConfig } from './config/demo-config.js';
import { DEMO_CONFIG } from './config/demo-configuration.js';
import { createDevIdp, mountDevIdp } from './dev-idp/dev-idp.js';

export type { DemoTestingOptions } from './app.module.js';

/**
 * Builds the demo application without listening (tests boot it in-process): the Nest app with the OAuth
 * module, the API docs at `/docs`, plus the embedded development IdP when enabled. Call `listen` (or
 * `init`) on the result. `config`: an already parsed configuration (tests); default: the environment
 * through ConfigModule. `options` go to NestFactory.create (tests pass `{ logger: false }`); `testing`
 * is for tests only (e.g. a `fetch` that throws, to prove a flow needs no network).
 */
export async function createDemoApp(
  config?: DemoConfig,
  options: NestApplicationOptions = {},
  testing: DemoTestingOptions = {},
  extraImports: NonNullable<DynamicModule['imports']> = [],
): Promise<INestApplication> {
  const app = await NestFactory.create(await AppModule.register({ ...(config === undefined ? {} : { config }), testing, extraImports }), options);
  const loaded = demoConfigOf(app);
  if (loaded.devIdp !== null) {
    // Mounted before `init()` registers Nest's body parsers and router, so oidc-provider reads raw request
    // bodies and its routes never pass through (or show up among) the library's routes.
    mountDevIdp(app, await createDevIdp(loaded.devIdp));
  }
  setupApiDocs(app, loaded.baseUrl);
  app.enableShutdownHooks();
  return app;
}

/** The configuration the app runs with, as ConfigService holds it. */
export function demoConfigOf(app: INestApplication): DemoConfig {
  return app.get(ConfigService).getOrThrow<DemoConfig>(DEMO_CONFIG);
}
