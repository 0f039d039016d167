import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { OAuthTableNames } from '../schema/table-names.js';
import { columnTypes } from './column-types.js';
import type { OAuthMigrationClass } from './create-oauth-tables.js';

/**
 * Replay records (`recordTokenUse`): one row per used key (a digest of an ID token) until the
 * token's expiry, shared by every instance on the database. A separate migration so databases
 * created by the first one gain the table on upgrade.
 */
export function createOAuthTokenUsesMigration(tables: OAuthTableNames, nameSuffix: string): OAuthMigrationClass {
  const { tokenUses } = tables;
  return class CreateOAuthTokenUses implements MigrationInterface {
    name = `CreateOAuthTokenUses${nameSuffix}1764800000000`;

    async up(queryRunner: QueryRunner): Promise<void> {
      const { varchar, time } = await columnTypes(queryRunner);
      await queryRunner.createTable(
        new Table({
          name: tokenUses,
          // The primary key makes the first use win: of concurrent inserts of one key exactly one lands.
          columns: [{ ...varchar('key', 128), isPrimary: true }, time('expires_at')],
          indices: [{ name: `IDX_${tokenUses}_expires_at`, columnNames: ['expires_at'] }],
        }),
      );
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.dropTable(tokenUses);
    }
  };
}
