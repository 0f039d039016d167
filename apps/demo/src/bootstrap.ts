import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import type { DemoConfig } from './config/demo-config.js';
import { createDevIdp, mountDevIdp } from './dev-idp/dev-idp.js';

/**
 * Builds the demo application without listening (tests boot it in-process): the Nest app with the OAuth
 * module, plus the embedded development IdP when enabled. Call `listen` (or `init`) on the result.
 * `options` go to NestFactory.create (tests pass `{ logger: false }`).
 */
export async function createDemoApp(config: DemoConfig, options: NestApplicationOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(config), options);
  if (config.devIdp !== null) {
    // Mounted before `init()` registers Nest's body parsers and router, so oidc-provider reads raw request
    // bodies and its routes never pass through (or show up among) the library's routes.
    mountDevIdp(app, await createDevIdp(config.devIdp));
  }
  app.enableShutdownHooks();
  return app;
}
