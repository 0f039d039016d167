import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * The initial schema, written with the QueryRunner Table API so one migration runs on SQLite and
 * PostgreSQL. Only the timestamp type differs: `timestamptz` on PostgreSQL (an instant, read back as
 * the same UTC Date whatever the server or client time zone) and `datetime` on SQLite, where TypeORM
 * stores UTC text with milliseconds.
 */
export class CreateOAuthTables1732700000000 implements MigrationInterface {
  name = 'CreateOAuthTables1732700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    const id = (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '36' });
    const text = (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: true });
    const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable,
    });
    const time = (name: string, isNullable = false): TableColumnOptions => ({ name, type: timestamp, isNullable });
    const individualFk = {
      columnNames: ['individual_id'],
      referencedTableName: 'individuals',
      referencedColumnNames: ['id'],
      // Deleting an individual removes its sessions and linked accounts with it.
      onDelete: 'CASCADE',
    };

    await queryRunner.createTable(
      new Table({
        name: 'individuals',
        columns: [
          { ...id('id'), isPrimary: true },
          varchar('email', 320, true),
          varchar('email_normalized', 320, true),
          time('email_verified_at', true),
          text('name'),
          text('image'),
          { name: 'scopes', type: 'text' },
          time('created_at'),
          time('updated_at'),
        ],
        indices: [{ name: 'IDX_individuals_email_normalized', columnNames: ['email_normalized'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { ...id('id'), isPrimary: true },
          varchar('token_hash', 128),
          id('individual_id'),
          time('expires_at'),
          varchar('ip_address', 64, true),
          text('user_agent'),
          time('created_at'),
          time('updated_at'),
        ],
        uniques: [{ name: 'UQ_sessions_token_hash', columnNames: ['token_hash'] }],
        indices: [{ name: 'IDX_sessions_individual_id', columnNames: ['individual_id'] }],
        foreignKeys: [{ name: 'FK_sessions_individual', ...individualFk }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'oauth_accounts',
        columns: [
          { ...id('id'), isPrimary: true },
          id('individual_id'),
          varchar('provider', 255),
          varchar('provider_account_id', 255),
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
        uniques: [{ name: 'UQ_oauth_accounts_provider_account', columnNames: ['provider', 'provider_account_id'] }],
        indices: [{ name: 'IDX_oauth_accounts_individual_provider', columnNames: ['individual_id', 'provider'] }],
        foreignKeys: [{ name: 'FK_oauth_accounts_individual', ...individualFk }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'oauth_states',
        columns: [
          { ...varchar('state', 255), isPrimary: true },
          varchar('provider', 255),
          { ...id('individual_id'), isNullable: true },
          text('code_verifier'),
          text('nonce'),
          varchar('intent', 16),
          text('redirect_url'),
          text('error_redirect_url'),
          text('new_user_redirect_url'),
          { name: 'payload', type: 'text' },
          { name: 'request_sign_up', type: 'boolean' },
          time('created_at'),
          time('expires_at'),
        ],
        indices: [{ name: 'IDX_oauth_states_expires_at', columnNames: ['expires_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('oauth_states');
    await queryRunner.dropTable('oauth_accounts');
    await queryRunner.dropTable('sessions');
    await queryRunner.dropTable('individuals');
  }
}
