import { Migration, MigrationExecutor, type DataSource } from 'typeorm';
import { oauthMigrations, type OAuthMigrationOptions } from './index.js';

/**
 * TypeORM's executor, limited to the adapter's migrations: it records them in the DataSource's usual
 * migrations table (so the app's own runner sees them as applied) without touching or running the
 * app's own migrations.
 */
class OAuthMigrationExecutor extends MigrationExecutor {
  constructor(
    dataSource: DataSource,
    private readonly options: OAuthMigrationOptions,
  ) {
    super(dataSource);
  }

  protected override getMigrations(): Migration[] {
    return oauthMigrations(this.options).map((MigrationClass) => {
      const instance = new MigrationClass();
      const name = instance.name ?? MigrationClass.name;
      return new Migration(undefined, Number(name.slice(-13)), name, instance);
    });
  }
}

/**
 * Applies the adapter's pending migrations on an initialised DataSource (each in its own
 * transaction); returns the names applied. What `OAuthTypeOrmModule.forFeature({ runMigrations: true })`
 * runs at boot.
 */
export async function runOAuthMigrations(dataSource: DataSource, options: OAuthMigrationOptions = {}): Promise<string[]> {
  const executor = new OAuthMigrationExecutor(dataSource, options);
  executor.transaction = 'each';
  const applied = await executor.executePendingMigrations();
  return applied.map((migration) => migration.name);
}
