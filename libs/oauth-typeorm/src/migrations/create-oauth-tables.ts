import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { OAuthTableNames } from '../schema/table-names.js';
import { columnTypes } from './column-types.js';

/** A migration class TypeORM can instantiate (`migrations: [...]` takes classes). */
export type OAuthMigrationClass = new () => MigrationInterface;

/**
 * The initial schema (individuals, sessions, accounts, states), written with the QueryRunner Table
 * API so one migration runs on every supported database. Index and constraint names carry the
 * table names, so two prefixes can share a schema.
 */
export function createOAuthTablesMigration(tables: OAuthTableNames, nameSuffix: string): OAuthMigrationClass {
  const { individuals, sessions, accounts, states } = tables;
  return class CreateOAuthTables implements MigrationInterface {
    // TypeORM reads the timestamp from the name's last 13 digits.
    name = `CreateOAuthTables${nameSuffix}1732700000000`;

    async up(queryRunner: QueryRunner): Promise<void> {
      const { id, text, varchar, time } = await columnTypes(queryRunner);
      const individualFk = {
        columnNames: ['individual_id'],
        referencedTableName: individuals,
        referencedColumnNames: ['id'],
        // Deleting an individual removes its sessions and linked accounts with it.
        onDelete: 'CASCADE',
      };

      await queryRunner.createTable(
        new Table({
          name: individuals,
          columns: [
            { ...id('id'), isPrimary: true },
            varchar('email', 320, true),
            // `email` lower-cased by the repository: case-insensitive lookups on every database.
            varchar('email_normalized', 320, true),
            time('email_verified_at', true),
            text('name'),
            text('image'),
            { ...text('scopes'), isNullable: false },
            time('created_at'),
            time('updated_at'),
          ],
          indices: [{ name: `IDX_${individuals}_email_normalized`, columnNames: ['email_normalized'] }],
        }),
      );

      await queryRunner.createTable(
        new Table({
          name: sessions,
          columns: [
            { ...id('id'), isPrimary: true },
            // Only the SHA-256 hash of the session token is stored.
            varchar('token_hash', 128),
            id('individual_id'),
            time('expires_at'),
            varchar('ip_address', 64, true),
            text('user_agent'),
            time('created_at'),
            time('updated_at'),
          ],
          uniques: [{ name: `UQ_${sessions}_token_hash`, columnNames: ['token_hash'] }],
          indices: [{ name: `IDX_${sessions}_individual_id`, columnNames: ['individual_id'] }],
          foreignKeys: [{ name: `FK_${sessions}_individual`, ...individualFk }],
        }),
      );

      await queryRunner.createTable(
        new Table({
          name: accounts,
          columns: [
            { ...id('id'), isPrimary: true },
            id('individual_id'),
            varchar('provider', 255),
            varchar('provider_account_id', 255),
            // Token columns are `text`: encrypted envelopes are far longer than the raw tokens.
            text('access_token'),
            text('refresh_token'),
            text('id_token'),
            time('access_token_expires_at', true),
            time('refresh_token_expires_at', true),
            text('scope'),
            varchar('token_type', 64, true),
            time('created_at'),
            time('updated_at'),
            varchar('refresh_lease_owner', 255, true),
            time('refresh_lease_expires_at', true),
          ],
          // One provider identity belongs to exactly one individual, enforced by the database so that
          // two concurrent sign-ins cannot both link it.
          uniques: [{ name: `UQ_${accounts}_provider_account`, columnNames: ['provider', 'provider_account_id'] }],
          indices: [{ name: `IDX_${accounts}_individual_provider`, columnNames: ['individual_id', 'provider'] }],
          foreignKeys: [{ name: `FK_${accounts}_individual`, ...individualFk }],
        }),
      );

      await queryRunner.createTable(
        new Table({
          name: states,
          columns: [
            { ...varchar('state', 255), isPrimary: true },
            varchar('provider', 255),
            // No foreign key: states are short-lived and purged by expiry; the link flow re-reads the
            // individual when it consumes the state.
            { ...id('individual_id'), isNullable: true },
            text('code_verifier'),
            text('nonce'),
            varchar('intent', 16),
            text('redirect_url'),
            text('error_redirect_url'),
            text('new_user_redirect_url'),
            { ...text('payload'), isNullable: false },
            { name: 'request_sign_up', type: 'boolean' },
            time('created_at'),
            time('expires_at'),
          ],
          indices: [{ name: `IDX_${states}_expires_at`, columnNames: ['expires_at'] }],
        }),
      );
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.dropTable(states);
      await queryRunner.dropTable(accounts);
      await queryRunner.dropTable(sessions);
      await queryRunner.dropTable(individuals);
    }
  };
}
