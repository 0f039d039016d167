import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { oauthTableNames } from '../schema/table-names.js';
import { dialectOf } from '../sql/sql-dialect.js';
import { requireMysql, requirePostgres } from '../testing/servers.js';
import { databaseTargets } from '../testing/test-databases.js';

// The schema comes only from migrations (no synchronize anywhere): prove they run on an empty
// database of each kind, with a table prefix, that the constraints the repository relies on exist,
// and that down works.

const servers = {
  postgres: await requirePostgres('create-oauth-tables.spec'),
  mysql: await requireMysql('create-oauth-tables.spec'),
};

const PREFIX = 'app1_';
const tables = oauthTableNames(PREFIX);
const TABLES = Object.values(tables);
const NOW = '2030-01-01 00:00:00.000';

describe.each(databaseTargets(servers).map((target) => [target.name, target] as const))(
  'oauthMigrations on %s',
  (_name, target) => {
    let dataSource: DataSource;
    const sql = (text: string): string => {
      // Statements below are written with "double quotes" and $n; MySQL wants backticks and ?.
      const { quote, placeholder } = dialectOf(dataSource);
      return text.replace(/"([a-z0-9_]+)"/g, (_match, name: string) => quote(name)).replace(/\$(\d+)/g, (_m, n: string) => placeholder(Number(n)));
    };

    beforeAll(async () => {
      // An empty database: opening it runs the migrations (migrationsRun).
      dataSource = await target.open(PREFIX);
    }, 60_000);

    afterAll(() => target.close(), 60_000);

    async function insertIndividual(id: string): Promise<void> {
      await dataSource.query(
        sql(`INSERT INTO "${tables.individuals}" ("id", "scopes", "created_at", "updated_at") VALUES ($1, '[]', $2, $3)`),
        [id, NOW, NOW],
      );
    }

    async function insertAccount(id: string, individualId: string, providerAccountId: string): Promise<void> {
      await dataSource.query(
        sql(
          `INSERT INTO "${tables.accounts}" ("id", "individual_id", "provider", "provider_account_id", "created_at", "updated_at") ` +
            `VALUES ($1, $2, 'dev', $3, $4, $5)`,
        ),
        [id, individualId, providerAccountId, NOW, NOW],
      );
    }

    it('creates every prefixed table and records both migrations as applied', async () => {
      const queryRunner = dataSource.createQueryRunner();
      try {
        for (const table of TABLES) {
          expect(await queryRunner.hasTable(table)).toBe(true);
        }
        expect(await queryRunner.hasTable('individuals')).toBe(false);
      } finally {
        await queryRunner.release();
      }
      const applied: unknown = await dataSource.query(sql('SELECT "name" FROM "migrations" ORDER BY "id"'));
      expect(applied).toEqual([
        { name: 'CreateOAuthTables_app1_1732700000000' },
        { name: 'CreateOAuthTokenUses_app1_1764800000000' },
      ]);
      expect(await dataSource.showMigrations()).toBe(false);
    });

    it('rejects a second account with the same (provider, provider_account_id)', async () => {
      await insertIndividual('ind-1');
      await insertIndividual('ind-2');
      await insertAccount('acc-1', 'ind-1', 'sub-dup');

      await expect(insertAccount('acc-2', 'ind-2', 'sub-dup')).rejects.toThrow(/unique|duplicate/i);
      await expect(insertAccount('acc-3', 'ind-2', 'sub-other')).resolves.not.toThrow();
    });

    it('case or trailing-space collation attack: subjects differing only by case or padding are distinct identities', async () => {
      await insertIndividual('ind-case-1');
      await insertIndividual('ind-case-2');
      await insertIndividual('ind-case-3');
      await insertAccount('acc-case-1', 'ind-case-1', 'Alice');

      // On a case-insensitive or PAD SPACE collation (MySQL/MariaDB defaults) these would collide
      // with 'Alice', or worse, a lookup of one would find the other's account.
      await expect(insertAccount('acc-case-2', 'ind-case-2', 'alice')).resolves.not.toThrow();
      await expect(insertAccount('acc-case-3', 'ind-case-3', 'Alice ')).resolves.not.toThrow();
      const rows: unknown = await dataSource.query(
        sql(`SELECT "id" FROM "${tables.accounts}" WHERE "provider" = 'dev' AND "provider_account_id" = $1`),
        ['alice'],
      );
      expect(rows).toEqual([{ id: 'acc-case-2' }]);
    });

    it('rejects a second session with the same token hash', async () => {
      await insertIndividual('ind-s');
      const insertSession = (id: string) =>
        dataSource.query(
          sql(
            `INSERT INTO "${tables.sessions}" ("id", "token_hash", "individual_id", "expires_at", "created_at", "updated_at") ` +
              `VALUES ($1, 'same-hash', 'ind-s', $2, $3, $4)`,
          ),
          [id, NOW, NOW, NOW],
        );
      await insertSession('ses-1');

      await expect(insertSession('ses-2')).rejects.toThrow(/unique|duplicate/i);
    });

    it('rejects an account whose individual does not exist (foreign key)', async () => {
      await expect(insertAccount('acc-orphan', 'no-such-individual', 'sub-orphan')).rejects.toThrow(/foreign key/i);
    });

    it('creates the lookup indexes, named after the prefixed tables', async () => {
      const queryRunner = dataSource.createQueryRunner();
      try {
        const indexNames = async (table: string) => (await queryRunner.getTable(table))?.indices.map((index) => index.name);
        expect(await indexNames(tables.individuals)).toContain('IDX_app1_individuals_email_normalized');
        expect(await indexNames(tables.accounts)).toContain('IDX_app1_oauth_accounts_individual_provider');
        expect(await indexNames(tables.states)).toContain('IDX_app1_oauth_states_expires_at');
        expect(await indexNames(tables.sessions)).toContain('IDX_app1_sessions_individual_id');
        expect(await indexNames(tables.tokenUses)).toContain('IDX_app1_oauth_token_uses_expires_at');
      } finally {
        await queryRunner.release();
      }
    });

    it('uses instant-preserving timestamp types (timestamptz on PostgreSQL, datetime(3) on MySQL)', async () => {
      const type = dataSource.options.type;
      if (type === 'better-sqlite3') {
        // SQLite has no date type: dates are UTC text, covered by the round-trip spec.
        expect(await dataSource.showMigrations()).toBe(false);
        return;
      }
      const query =
        type === 'postgres'
          ? `SELECT DISTINCT "data_type" AS "type" FROM information_schema.columns WHERE "table_schema" = 'public' AND "column_name" LIKE '%\\_at' ESCAPE '\\'`
          : "SELECT DISTINCT COLUMN_TYPE AS type FROM information_schema.columns WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME LIKE '%\\_at'";
      const rows: unknown = await dataSource.query(query);
      expect(rows).toEqual([{ type: type === 'postgres' ? 'timestamp with time zone' : 'datetime(3)' }]);
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
