import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OAuthExceptionFilter, OAuthModule } from '@belgie/nestjs-oauth';
import { OAuthTypeOrmModule, TypeOrmOAuthRepository } from '@belgie/nestjs-oauth-typeorm';
import { AccountActionsController } from './account-actions.controller.js';
import type { DemoConfig } from './config/demo-config.js';
import { demoConfiguration } from './config/demo-configuration.js';
import { DemoController } from './demo.controller.js';
import { DEMO_FETCH, DemoFetchModule } from './demo-fetch.module.js';
import { demoProviderFactories, demoProviderOptions, enabledProviderIds } from './demo-providers.js';
import { createDataSourceOptions } from './persistence/data-source.js';
import { ProviderUserinfo, providerUserinfoController } from './provider-userinfo.controller.js';

export interface DemoModuleOptions {
  /** An already parsed configuration (tests); default: the environment, read by the config factory. */
  config?: DemoConfig;
  /** Modules only `main.ts` adds (the start-route rate limit: see start-throttle.module.ts). */
  extraImports?: NonNullable<DynamicModule['imports']>;
}

@Module({})
export class AppModule {
  /**
   * Every credential reaches the OAuth module through `ConfigService` (`forRootAsync`). Which providers
   * exist is decided here, when the module is declared, because each id mints a DI token: after
   * `ConfigModule` has loaded `.env`, from the same (memoised) config factory ConfigService holds.
   */
  static async register(options: DemoModuleOptions = {}): Promise<DynamicModule> {
    const demo = demoConfiguration(options.config);
    const configModule = await ConfigModule.forRoot({ isGlobal: true, load: [demo], ignoreEnvFile: options.config !== undefined });
    await ConfigModule.envVariablesLoaded;
    const declared = demo();
    return {
      module: AppModule,
      imports: [
        configModule,
        DemoFetchModule,
        ...(options.extraImports ?? []),
        // The app's one connection pool; the OAuth repository runs on it (migrations applied at boot).
        TypeOrmModule.forRoot(createDataSourceOptions(declared.databaseUrl)),
        OAuthModule.forRootAsync({
          inject: [demo.KEY, DEMO_FETCH],
          // The adapter's module provides the repository on TypeOrmModule's DataSource; bound once.
          imports: [OAuthTypeOrmModule.forFeature({ runMigrations: true }), DemoFetchModule],
          providers: demoProviderFactories(declared),
          repository: { useExisting: TypeOrmOAuthRepository },
          useFactory: (config: DemoConfig, fetch: typeof globalThis.fetch) => ({
            secret: config.secrets,
            baseUrl: config.baseUrl,
            providers: demoProviderOptions(config),
            fetch,
          }),
        }),
      ],
      controllers: [DemoController, AccountActionsController, ...enabledProviderIds(declared).map(providerUserinfoController)],
      providers: [
        // The demo answers the library's coded errors the library's way on its own routes too
        // (e.g. /login/unknown → 404 provider_not_found, a database outage → 503 storage_unavailable).
        { provide: APP_FILTER, useClass: OAuthExceptionFilter },
        ProviderUserinfo,
      ],
    };
  }
}
