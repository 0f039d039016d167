import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createDemoApp } from './bootstrap.js';
import { loadDemoConfig } from './config/demo-config.js';
import { StartThrottleModule } from './start-throttle.module.js';

async function main(): Promise<void> {
  const logger = new Logger('Demo');
  const config = loadDemoConfig(process.env);
  for (const warning of config.warnings) logger.warn(warning);
  const app = await createDemoApp(config, {}, {}, [StartThrottleModule]);
  await app.listen(config.port);
  // The URL only: never the secret, the database URL (it may carry a password) or the dev client secret.
  logger.log(`OAuth demo listening on ${config.baseUrl}${config.devIdp === null ? '' : ` (dev IdP at ${config.devIdp.issuer})`}`);
}

main().catch((error: unknown) => {
  // Configuration errors name variables, never values (see loadDemoConfig).
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
