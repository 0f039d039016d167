import { Module, type DynamicModule } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { runOAuthMigrations } from '../migrations/run-oauth-migrations.js';
import { assertMysqlStrictMode } from '../sql/mysql-strict-mode.js';
import {
  OAUTH_TYPEORM_OPTIONS,
  type PersistenceClock,
  type TypeOrmOAuthRepositoryOptions,
} from '../repository/repository-options.js';
import { TypeOrmOAuthRepository } from '../repository/typeorm-oauth-repository.js';
import { validateTablePrefix } from '../schema/table-names.js';

export interface OAuthTypeOrmFeatureOptions {
  /** The `TypeOrmModule` connection to use: its name (or DataSource token); default the default one. */
  connection?: string;
  /** Prefix of every table name (letters, digits, `_`, at most 24; default none). */
  tablePrefix?: string;
  /**
   * Apply the adapter's pending migrations when the module starts (default false: run
   * `oauthMigrations()` with your own migration runner instead).
   */
  runMigrations?: boolean;
  /** Source of `createdAt` / `updatedAt` (default the system clock). */
  clock?: PersistenceClock;
}

/**
 * Plugs the TypeORM adapter into an app that already has `TypeOrmModule.forRoot/forRootAsync`: the
 * repository runs on that connection's DataSource (no second pool). Import it in `OAuthModule`'s
 * `imports` and pass `repository: TypeOrmOAuthRepository`.
 */
@Module({})
export class OAuthTypeOrmModule {
  static forFeature(options: OAuthTypeOrmFeatureOptions = {}): DynamicModule {
    // Checked here, at module definition time, so a bad prefix fails the bootstrap, not a request.
    const tablePrefix = validateTablePrefix(options.tablePrefix ?? '');
    return {
      module: OAuthTypeOrmModule,
      providers: [
        {
          provide: OAUTH_TYPEORM_OPTIONS,
          useFactory: async (dataSource: DataSource): Promise<TypeOrmOAuthRepositoryOptions> => {
            await assertMysqlStrictMode(dataSource);
            if (options.runMigrations === true) await runOAuthMigrations(dataSource, { tablePrefix });
            return { dataSource, tablePrefix, ...(options.clock === undefined ? {} : { clock: options.clock }) };
          },
          inject: [getDataSourceToken(options.connection)],
        },
        TypeOrmOAuthRepository,
      ],
      exports: [OAUTH_TYPEORM_OPTIONS, TypeOrmOAuthRepository],
    };
  }
}
