import { describe, expect, it } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OAuthModule, OAuthProvider, OAuthRepository } from '@belgie/nestjs-oauth';
import { TypeOrmOAuthRepository } from '../repository/typeorm-oauth-repository.js';
import { OAuthTypeOrmModule } from './oauth-typeorm.module.js';

const SQLITE = { type: 'better-sqlite3', database: ':memory:' } as const;

async function tableNames(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] = await dataSource.query(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  return rows.map((row) => row.name);
}

async function withModule(imports: Parameters<typeof Test.createTestingModule>[0]['imports'], check: (moduleRef: TestingModule) => Promise<void>): Promise<void> {
  const moduleRef = await Test.createTestingModule({ imports }).compile();
  try {
    await check(moduleRef);
  } finally {
    await moduleRef.close();
  }
}

describe('OAuthTypeOrmModule', () => {
  it("runs on TypeOrmModule's default connection (no second pool) with prefixed tables migrated at boot", async () => {
    await withModule(
      [TypeOrmModule.forRoot(SQLITE), OAuthTypeOrmModule.forFeature({ tablePrefix: 'auth_', runMigrations: true })],
      async (moduleRef) => {
        const dataSource = moduleRef.get(DataSource);
        const repository = moduleRef.get(TypeOrmOAuthRepository);

        expect(await tableNames(dataSource)).toEqual([
          'auth_individuals',
          'auth_oauth_accounts',
          'auth_oauth_states',
          'auth_oauth_token_uses',
          'auth_sessions',
          'migrations',
        ]);
        const individual = await repository.createIndividual({ email: 'Ada@Example.com', emailVerifiedAt: null, name: 'Ada', image: null });
        // Written through the app's own DataSource: an in-memory SQLite database exists once per connection.
        const rows: unknown = await dataSource.query('SELECT "email" FROM "auth_individuals" WHERE "id" = ?', [individual.id]);
        expect(rows).toEqual([{ email: 'Ada@Example.com' }]);
      },
    );
  });

  it('uses a named connection when told, and leaves the default one alone', async () => {
    await withModule(
      [
        TypeOrmModule.forRoot(SQLITE),
        TypeOrmModule.forRoot({ ...SQLITE, name: 'auth' }),
        OAuthTypeOrmModule.forFeature({ connection: 'auth', runMigrations: true }),
      ],
      async (moduleRef) => {
        const named = moduleRef.get<DataSource>(getDataSourceToken('auth'));
        const expiresAt = new Date('2030-01-01T00:10:00Z');
        expect(await moduleRef.get(TypeOrmOAuthRepository).recordTokenUse('named-connection-key', expiresAt, new Date(0))).toBe(true);

        expect(await named.query('SELECT "key" FROM "oauth_token_uses"')).toEqual([{ key: 'named-connection-key' }]);
        expect(await tableNames(moduleRef.get(DataSource))).toEqual([]);
      },
    );
  });

  it('creates no table unless runMigrations is set (the app runs oauthMigrations() itself)', async () => {
    await withModule([TypeOrmModule.forRoot(SQLITE), OAuthTypeOrmModule.forFeature()], async (moduleRef) => {
      expect(await tableNames(moduleRef.get(DataSource))).toEqual([]);
    });
  });

  it('refuses a table prefix that is not a plain identifier (SQL injection through configuration)', () => {
    expect(() => OAuthTypeOrmModule.forFeature({ tablePrefix: 'x"; DROP TABLE individuals; --' })).toThrow(
      /tablePrefix must be at most 24 letters, digits or underscores/,
    );
    expect(() => OAuthTypeOrmModule.forFeature({ tablePrefix: 'p'.repeat(25) })).toThrow(/tablePrefix/);
  });

  it("is what OAuthModule's repository option takes: the OAuthRepository runs on the app's DataSource", async () => {
    await withModule(
      [
        TypeOrmModule.forRoot(SQLITE),
        OAuthModule.forRoot({
          secret: 'typeorm-module-spec-secret-0123456789-abcdef',
          baseUrl: 'http://127.0.0.1:3000',
          repository: TypeOrmOAuthRepository,
          imports: [OAuthTypeOrmModule.forFeature({ runMigrations: true })],
          providers: [
            OAuthProvider({
              id: 'dev',
              issuer: 'https://op.example',
              authorizationEndpoint: 'https://op.example/authorize',
              tokenEndpoint: 'https://op.example/token',
              jwksUri: 'https://op.example/jwks',
              clientId: 'client',
              clientSecret: 'client-secret',
            }),
          ],
        }),
      ],
      async (moduleRef) => {
        const repository = moduleRef.get(OAuthRepository);
        expect(repository).toBeInstanceOf(TypeOrmOAuthRepository);

        const individual = await repository.createIndividual({ email: null, emailVerifiedAt: null, name: 'Grace', image: null });
        const rows: unknown = await moduleRef.get(DataSource).query('SELECT "name" FROM "individuals" WHERE "id" = ?', [individual.id]);
        expect(rows).toEqual([{ name: 'Grace' }]);
      },
    );
  });
});
