import type { DynamicModule, INestApplication, NestApplicationOptions } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { setupApiDocs } from './api-docs.js';
import { AppModule } from './app.module.js';
import type { DemoConfig } from './config/demo-config.js';
import { DEMO_CONFIG } from './config/demo-configuration.js';
import { createDevIdp, mountDevIdp } from './dev-idp/dev-idp.js';

/**
 * Builds the demo application without listening (tests boot it in-process): the Nest app with the OAuth
 * module, the API docs at `/docs`, plus the embedded development IdP when enabled. Call `listen` (or
 * `init`) on the result. `config`: an already parsed configuration (tests); default: the environment
 * through ConfigModule. `options` go to NestFactory.create (tests pass `{ logger: false }`).
 * Tests that swap a provider (e.g. `DEMO_FETCH`) build the module with `Test.createTestingModule` and
 * hand the app to `prepareDemoApp` instead (apps/demo/src/testing/demo-server.ts).
 */
export async function createDemoApp(
  config?: DemoConfig,
  options: NestApplicationOptions = {},
  extraImports: NonNullable<DynamicModule['imports']> = [],
): Promise<INestApplication> {
  const app = await NestFactory.create(await AppModule.register({ ...(config === undefined ? {} : { config }), extraImports }), options);
  return prepareDemoApp(app);
}

/** What the demo adds to its Nest app before `init()`: the dev IdP (when on), the API docs, shutdown hooks. */
export async function prepareDemoApp(app: INestApplication): Promise<INestApplication> {
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
