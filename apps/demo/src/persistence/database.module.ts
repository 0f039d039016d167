import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSourceOptions } from './data-source.js';
import { TypeOrmOAuthRepository } from './typeorm-oauth-repository.js';

/**
 * Global database module: provides an initialised `DataSource` (migrations already run) and the
 * `TypeOrmOAuthRepository`, and closes the connection when the application shuts down.
 */
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        {
          provide: DataSource,
          useFactory: async (): Promise<DataSource> => {
            const dataSource = new DataSource(createDataSourceOptions(databaseUrl));
            await dataSource.initialize();
            return dataSource;
          },
        },
        TypeOrmOAuthRepository,
      ],
      exports: [DataSource, TypeOrmOAuthRepository],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
    }
  }
}
