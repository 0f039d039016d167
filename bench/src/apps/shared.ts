import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { IndividualRecord, OAuthRepository } from '@belgie/nestjs-oauth';
import { runOAuthMigrations, TypeOrmOAuthRepository } from '@belgie/nestjs-oauth-typeorm';
import { createDataSourceOptions } from '../../../apps/demo/dist/persistence/data-source.js';

export const CLIENT_ID = 'bench-client';
export const CLIENT_SECRET = 'bench-client-secret-0123456789';
/** Module master secret (≥ 32 characters); benchmark-only. */
export const MODULE_SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
export const PROVIDER_ID = 'oidc';
export const SCOPES = ['openid', 'email', 'profile'] as const;
export const SESSION_MAX_AGE_MS = 7 * 24 * 3600 * 1000;
/** Max age of the module's signed session cache where a contender turns it on (Better Auth's docs use minutes). */
export const SESSION_CACHE_SECONDS = 60;

export interface SqliteStore {
  dataSource: DataSource;
  repository: TypeOrmOAuthRepository;
  close(): Promise<void>;
}

/**
 * The TypeORM adapter on SQLite, schema created by its migrations (as the demo does). A file
 * database gets WAL with synchronous=NORMAL, the usual production setting: the default rollback
 * journal fsyncs on every commit, and the benchmark would then time the disk, not the code.
 */
export async function openSqlite(databaseUrl: string): Promise<SqliteStore> {
  const dataSource = new DataSource(createDataSourceOptions(databaseUrl));
  await dataSource.initialize();
  await runOAuthMigrations(dataSource);
  if (databaseUrl !== 'sqlite::memory:') {
    await dataSource.query('PRAGMA journal_mode = WAL');
    await dataSource.query('PRAGMA synchronous = NORMAL');
  }
  return { dataSource, repository: new TypeOrmOAuthRepository({ dataSource }), close: () => dataSource.destroy() };
}

export interface SignedInProfile {
  sub: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

export interface PlainTokens {
  accessToken: string;
  refreshToken: string | null;
  idToken: string | null;
  expiresInSec: number | null;
  scope: string | null;
  tokenType: string | null;
}

/**
 * What a Passport app writes on sign-in, made to match the module's rows exactly: the same
 * individual, account (tokens in plain text, the module's default) and hashed session, in one
 * transaction, through the same repository. Only the framework around it differs.
 */
export async function writePassportSignIn(
  repository: OAuthRepository,
  profile: SignedInProfile,
  tokens: PlainTokens,
  meta: { ipAddress: string | null; userAgent: string | null },
): Promise<IndividualRecord> {
  const now = new Date();
  const accountTokens = {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    idToken: tokens.idToken,
    accessTokenExpiresAt: tokens.expiresInSec === null ? null : new Date(now.getTime() + tokens.expiresInSec * 1000),
    refreshTokenExpiresAt: null,
    scope: tokens.scope,
    tokenType: tokens.tokenType,
  };
  const linked = await repository.findAccount(PROVIDER_ID, profile.sub);
  const owner = linked ? await repository.findIndividualById(linked.individualId) : null;
  const existing = owner ?? (profile.email ? await repository.findIndividualByEmail(profile.email) : null);
  return repository.transaction(async (tx) => {
    const individual =
      existing ??
      (await tx.createIndividual({
        email: profile.email,
        emailVerifiedAt: profile.emailVerified ? now : null,
        name: profile.name,
        image: null,
      }));
    await tx.upsertAccount(individual.id, PROVIDER_ID, profile.sub, accountTokens);
    await tx.createSession({
      tokenHash: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('hex'),
      individualId: individual.id,
      expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_MS),
      ipAddress: meta.ipAddress,
      userAgent: meta.userAgent,
    });
    return individual;
  });
}
