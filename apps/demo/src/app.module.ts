import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OAuthModule } from '@belgie/nestjs-oauth';
import { OAuthTypeOrmModule, TypeOrmOAuthRepository } from '@belgie/nestjs-oauth-typeorm';
import { AccountActionsController } from './account-actions.controller.js';
import type { DemoConfig } from './config/demo-config.js';
import { DemoController } from './demo.controller.js';
import { demoProviders } from './demo-providers.js';
import { createDataSourceOptions } from './persistence/data-source.js';

export { demoProviders } from './demo-providers.js';

/** Test-only seams; production passes nothing. */
export interface DemoTestingOptions {
  /** Network edge of every provider call (a test passes one that throws, to prove no network is used). */
  fetch?: typeof fetch;
}

@Module({})
export class AppModule {
  /** `extraImports`: modules only `main.ts` adds (e.g. the start-route rate limit). */
  static register(config: DemoConfig, testing: DemoTestingOptions = {}, extraImports: NonNullable<DynamicModule['imports']> = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...extraImports,
        // The app's one connection pool; the OAuth repository runs on it (migrations applied at boot).
        TypeOrmModule.forRoot(createDataSourceOptions(config.databaseUrl)),
        OAuthModule.forRoot({
          providers: demoProviders(config),
          secret: config.secrets,
          baseUrl: config.baseUrl,
          repository: TypeOrmOAuthRepository,
          imports: [OAuthTypeOrmModule.forFeature({ runMigrations: true })],
          ...(testing.fetch === undefined ? {} : { fetch: testing.fetch }),
        }),
      ],
      controllers: [DemoController, AccountActionsController],
    };
  }
}
