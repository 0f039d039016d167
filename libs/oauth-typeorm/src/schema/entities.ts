import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';
import { oauthTableNames, type OAuthTableNames } from './table-names.js';

/** Rows as TypeORM reads them through the entity schemas below (column names in camelCase). */
export interface OAuthIndividualRow {
  id: string;
  email: string | null;
  emailNormalized: string | null;
  emailVerifiedAt: Date | null;
  name: string | null;
  image: string | null;
  /** JSON array of strings. */
  scopes: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface OAuthSessionRow {
  id: string;
  /** SHA-256 of the session token; the token itself is never stored. */
  tokenHash: string;
  individualId: string;
  expiresAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OAuthAccountRow {
  id: string;
  individualId: string;
  provider: string;
  providerAccountId: string;
  /** Token values as stored: encrypted envelopes (`enc:v1:…`) unless encryption at rest is off. */
  accessToken: string | null;
  refreshToken: string | null;
  idToken: string | null;
  accessTokenExpiresAt: Date | null;
  refreshTokenExpiresAt: Date | null;
  scope: string | null;
  tokenType: string | null;
  createdAt: Date;
  updatedAt: Date;
  refreshLeaseOwner: string | null;
  refreshLeaseExpiresAt: Date | null;
}

export interface OAuthEntities {
  individuals: EntitySchema<OAuthIndividualRow>;
  sessions: EntitySchema<OAuthSessionRow>;
  accounts: EntitySchema<OAuthAccountRow>;
  /** All of them, for `TypeOrmModule.forRoot({ entities: [...] })` / `new DataSource({ entities })`. */
  all: EntitySchema[];
}

const varchar = (name: string, length: number, nullable = false): EntitySchemaColumnOptions => ({ name, type: 'varchar', length, nullable });
const text = (name: string): EntitySchemaColumnOptions => ({ name, type: 'text', nullable: true });
// `Date` maps to each driver's date type; the migrations decide the real column type.
const time = (name: string, nullable = false): EntitySchemaColumnOptions => ({ name, type: Date, nullable });

function individualSchema(tables: OAuthTableNames): EntitySchema<OAuthIndividualRow> {
  return new EntitySchema<OAuthIndividualRow>({
    name: `OAuthIndividual:${tables.individuals}`,
    tableName: tables.individuals,
    columns: {
      id: { ...varchar('id', 36), primary: true },
      email: varchar('email', 320, true),
      emailNormalized: varchar('email_normalized', 320, true),
      emailVerifiedAt: time('email_verified_at', true),
      name: text('name'),
      image: text('image'),
      scopes: { ...text('scopes'), nullable: false },
      createdAt: time('created_at'),
      updatedAt: time('updated_at'),
    },
  });
}

function sessionSchema(tables: OAuthTableNames): EntitySchema<OAuthSessionRow> {
  return new EntitySchema<OAuthSessionRow>({
    name: `OAuthSession:${tables.sessions}`,
    tableName: tables.sessions,
    columns: {
      id: { ...varchar('id', 36), primary: true },
      tokenHash: varchar('token_hash', 128),
      individualId: varchar('individual_id', 36),
      expiresAt: time('expires_at'),
      ipAddress: varchar('ip_address', 64, true),
      userAgent: text('user_agent'),
      createdAt: time('created_at'),
      updatedAt: time('updated_at'),
    },
  });
}

function accountSchema(tables: OAuthTableNames): EntitySchema<OAuthAccountRow> {
  return new EntitySchema<OAuthAccountRow>({
    name: `OAuthAccount:${tables.accounts}`,
    tableName: tables.accounts,
    columns: {
      id: { ...varchar('id', 36), primary: true },
      individualId: varchar('individual_id', 36),
      provider: varchar('provider', 255),
      providerAccountId: varchar('provider_account_id', 255),
      accessToken: text('access_token'),
      refreshToken: text('refresh_token'),
      idToken: text('id_token'),
      accessTokenExpiresAt: time('access_token_expires_at', true),
      refreshTokenExpiresAt: time('refresh_token_expires_at', true),
      scope: text('scope'),
      tokenType: varchar('token_type', 64, true),
      createdAt: time('created_at'),
      updatedAt: time('updated_at'),
      refreshLeaseOwner: varchar('refresh_lease_owner', 255, true),
      refreshLeaseExpiresAt: time('refresh_lease_expires_at', true),
    },
  });
}

const cache = new Map<string, OAuthEntities>();

/**
 * Entity schemas of the adapter's long-lived tables, for an app that wants to query or report on
 * them with TypeORM (the repository itself needs none registered). Read them; write through the
 * repository, which keeps the invariants (normalised email, null-preserving tokens, atomic
 * sign-in). The schema comes from `oauthMigrations()`: never `synchronize` these. The same objects
 * come back for the same prefix.
 */
export function oauthEntities(options: { tablePrefix?: string } = {}): OAuthEntities {
  const tablePrefix = options.tablePrefix ?? '';
  let entities = cache.get(tablePrefix);
  if (entities === undefined) {
    const tables = oauthTableNames(tablePrefix);
    const individuals = individualSchema(tables);
    const sessions = sessionSchema(tables);
    const accounts = accountSchema(tables);
    entities = { individuals, sessions, accounts, all: [individuals, sessions, accounts] };
    cache.set(tablePrefix, entities);
  }
  return entities;
}
