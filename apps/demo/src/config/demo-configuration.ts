import { registerAs } from '@nestjs/config';
import { loadDemoConfig, type DemoConfig } from './demo-config.js';

/** The key under which `ConfigService` holds the demo's configuration (`config.getOrThrow<DemoConfig>('demo')`). */
export const DEMO_CONFIG = 'demo';

/**
 * The demo's config factory for `ConfigModule.forRoot({ load: [...] })`: the one place that reads
 * `process.env` (after ConfigModule has loaded `.env`). Memoised, so the values drawn at random per
 * boot (the dev IdP's client secret, an ephemeral OAUTH_SECRET) are drawn once, and the module
 * declaration (which providers are on) and `ConfigService` see the same configuration. Tests pass an
 * already parsed configuration instead of the environment.
 */
export function demoConfiguration(given?: DemoConfig) {
  let loaded: DemoConfig | undefined;
  return registerAs(DEMO_CONFIG, (): DemoConfig => (loaded ??= given ?? loadDemoConfig(process.env)));
}
