import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createDemoApp, demoConfigOf } from './bootstrap.js';
import { StartThrottleModule } from './start-throttle.module.js';

async function main(): Promise<void> {
  const logger = new Logger('Demo');
  // The environment (and `.env`) is read by ConfigModule's config factory (config/demo-configuration.ts).
  const app = await createDemoApp(undefined, {}, [StartThrottleModule]);
  const config = demoConfigOf(app);
  for (const warning of config.warnings) logger.warn(warning);
  await app.listen(config.port);
  // The URL only: never the secret, the database URL (it may carry a password) or the dev client secret.
  logger.log(`OAuth demo listening on ${config.baseUrl}${config.devIdp === null ? '' : ` (dev IdP at ${config.devIdp.issuer})`}`);
}

main().catch((error: unknown) => {
  // Configuration errors name variables, never values (see loadDemoConfig).
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
