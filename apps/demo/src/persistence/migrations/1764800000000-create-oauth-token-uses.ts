import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Replay records of direct ID-token sign-ins (`OAuthRepository.recordTokenUse`). */
export class CreateOAuthTokenUses1764800000000 implements MigrationInterface {
  name = 'CreateOAuthTokenUses1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'oauth_token_uses',
        columns: [
          { name: 'key', type: 'varchar', length: '128', isPrimary: true },
          { name: 'expires_at', type: timestamp },
        ],
        indices: [{ name: 'IDX_oauth_token_uses_expires_at', columnNames: ['expires_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('oauth_token_uses');
  }
}
