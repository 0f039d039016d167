import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { requirePostgres } from '../testing/postgres.js';
import { databaseTargets } from '../testing/test-databases.js';

// The schema comes only from migrations (no synchronize anywhere): prove they run on an empty
// database of each kind, that the constraints the repository relies on exist, and that down works.

const postgresServer = await requirePostgres('create-oauth-tables.spec');

const TABLES = ['individuals', 'sessions', 'oauth_accounts', 'oauth_states', 'oauth_token_uses'];
const NOW = '2030-01-01 00:00:00.000';

describe.each(databaseTargets(postgresServer).map((target) => [target.name, target] as const))(
  'CreateOAuthTables migration on %s',
  (_name, target) => {
    let dataSource: DataSource;
    const p = (index: number): string => (dataSource.options.type === 'postgres' ? `$${index}` : '?');

    beforeAll(async () => {
      // An empty database: opening it runs the migrations (migrationsRun).
      dataSource = await target.open();
    }, 60_000);

    afterAll(() => target.close(), 60_000);

    async function insertIndividual(id: string): Promise<void> {
      await dataSource.query(
        `INSERT INTO "individuals" ("id", "scopes", "created_at", "updated_at") VALUES (${p(1)}, '[]', ${p(2)}, ${p(3)})`,
        [id, NOW, NOW],
      );
    }

    async function insertAccount(id: string, individualId: string, providerAccountId: string): Promise<void> {
      await dataSource.query(
        `INSERT INTO "oauth_accounts" ("id", "individual_id", "provider", "provider_account_id", "created_at", "updated_at") ` +
          `VALUES (${p(1)}, ${p(2)}, 'dev', ${p(3)}, ${p(4)}, ${p(5)})`,
        [id, individualId, providerAccountId, NOW, NOW],
      );
    }

    it('creates every table and records itself as applied', async () => {
      const queryRunner = dataSource.createQueryRunner();
      try {
        for (const table of TABLES) {
          expect(await queryRunner.hasTable(table)).toBe(true);
        }
      } finally {
        await queryRunner.release();
      }
      const applied: unknown = await dataSource.query('SELECT "name" FROM "migrations" ORDER BY "id"');
      expect(applied).toEqual([{ name: 'CreateOAuthTables1732700000000' }, { name: 'CreateOAuthTokenUses1764800000000' }]);
      expect(await dataSource.showMigrations()).toBe(false);
    });

    it('rejects a second account with the same (provider, provider_account_id)', async () => {
      await insertIndividual('ind-1');
      await insertIndividual('ind-2');
      await insertAccount('acc-1', 'ind-1', 'sub-dup');

      await expect(insertAccount('acc-2', 'ind-2', 'sub-dup')).rejects.toThrow(/unique/i);
      // The same subject at another provider, or another subject, is fine.
      await expect(insertAccount('acc-3', 'ind-2', 'sub-other')).resolves.not.toThrow();
    });

    it('rejects a second session with the same token hash', async () => {
      await insertIndividual('ind-s');
      const insertSession = (id: string) =>
        dataSource.query(
          `INSERT INTO "sessions" ("id", "token_hash", "individual_id", "expires_at", "created_at", "updated_at") ` +
            `VALUES (${p(1)}, 'same-hash', 'ind-s', ${p(2)}, ${p(3)}, ${p(4)})`,
          [id, NOW, NOW, NOW],
        );
      await insertSession('ses-1');

      await expect(insertSession('ses-2')).rejects.toThrow(/unique/i);
    });

    it('rejects an account whose individual does not exist (foreign key)', async () => {
      await expect(insertAccount('acc-orphan', 'no-such-individual', 'sub-orphan')).rejects.toThrow(/foreign key/i);
    });

    it('creates the lookup indexes', async () => {
      const queryRunner = dataSource.createQueryRunner();
      try {
        const individuals = await queryRunner.getTable('individuals');
        const accounts = await queryRunner.getTable('oauth_accounts');
        const states = await queryRunner.getTable('oauth_states');
        const sessions = await queryRunner.getTable('sessions');
        const tokenUses = await queryRunner.getTable('oauth_token_uses');
        expect(tokenUses?.indices.map((index) => index.name)).toContain('IDX_oauth_token_uses_expires_at');
        expect(tokenUses?.primaryColumns.map((column) => [column.name, column.length])).toEqual([['key', '128']]);
        expect(individuals?.indices.map((index) => index.name)).toContain('IDX_individuals_email_normalized');
        expect(accounts?.indices.map((index) => index.name)).toContain('IDX_oauth_accounts_individual_provider');
        expect(states?.indices.map((index) => index.name)).toContain('IDX_oauth_states_expires_at');
        expect(sessions?.indices.map((index) => index.name)).toContain('IDX_sessions_individual_id');
      } finally {
        await queryRunner.release();
      }
    });

    it('uses timestamptz on PostgreSQL (instants, not local wall-clock times)', async () => {
      if (dataSource.options.type !== 'postgres') {
        // SQLite has no date type: TypeORM stores UTC text, covered by the round-trip spec.
        expect(dataSource.options.type).toBe('better-sqlite3');
        return;
      }
      const rows: unknown = await dataSource.query(
        `SELECT DISTINCT "data_type" FROM information_schema.columns WHERE "table_schema" = 'public' AND "column_name" LIKE '%\\_at' ESCAPE '\\'`,
      );
      expect(rows).toEqual([{ data_type: 'timestamp with time zone' }]);
    });

    it('reverts cleanly and applies again', async () => {
      await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      const queryRunner = dataSource.createQueryRunner();
      try {
        for (const table of TABLES) {
          expect(await queryRunner.hasTable(table)).toBe(false);
        }
        await dataSource.runMigrations();
        for (const table of TABLES) {
          expect(await queryRunner.hasTable(table)).toBe(true);
        }
      } finally {
        await queryRunner.release();
      }
    });
  },
);
