import { Module, type DynamicModule } from '@nestjs/common';
import { OAuthModule } from '@belgie/nestjs-oauth';
import { AccountActionsController } from './account-actions.controller.js';
import type { DemoConfig } from './config/demo-config.js';
import { DemoController } from './demo.controller.js';
import { demoProviders } from './demo-providers.js';
import { DatabaseModule } from './persistence/database.module.js';
import { TypeOrmOAuthRepository } from './persistence/typeorm-oauth-repository.js';

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
        OAuthModule.forRoot({
          providers: demoProviders(config),
          secret: config.secrets,
          baseUrl: config.baseUrl,
          repository: TypeOrmOAuthRepository,
          imports: [DatabaseModule.forRoot(config.databaseUrl)],
          ...(testing.fetch === undefined ? {} : { fetch: testing.fetch }),
        }),
      ],
      controllers: [DemoController, AccountActionsController],
    };
  }
}
