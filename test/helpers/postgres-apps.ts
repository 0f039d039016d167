import type { DataSource } from 'typeorm';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../apps/demo/src/persistence/testing/postgres.js';
import { openDataSource } from '../../apps/demo/src/persistence/testing/test-databases.js';
import { TypeOrmOAuthRepository } from '../../apps/demo/src/persistence/typeorm-oauth-repository.js';

/** One throwaway PostgreSQL database, and a separate connection pool per "instance". */
export class SharedPostgres {
  private readonly pools: DataSource[] = [];

  private constructor(private readonly database: ThrowawayDatabase) {}

  static async create(serverUrl: string): Promise<SharedPostgres> {
    return new SharedPostgres(await createThrowawayDatabase(serverUrl));
  }

  /** A repository on its own pool: instances share the database and nothing else. */
  async repository(): Promise<TypeOrmOAuthRepository> {
    const pool = await openDataSource(this.database.url);
    this.pools.push(pool);
    return new TypeOrmOAuthRepository(pool);
  }

  async count(table: 'individuals' | 'sessions' | 'oauth_accounts' | 'oauth_states'): Promise<number> {
    const pool = this.pools[0];
    if (!pool) throw new Error('no pool open');
    const rows: unknown = await pool.query(`SELECT COUNT(*)::int AS n FROM ${table}`);
    return Array.isArray(rows) ? Number((rows[0] as { n: number }).n) : 0;
  }

  async close(): Promise<void> {
    await Promise.all(this.pools.map((pool) => pool.destroy()));
    await this.database.drop();
  }
}
