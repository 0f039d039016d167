import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  OAuthError,
  OAuthRepository,
  type AccountRecord,
  type AccountTokenFields,
  type IndividualPatch,
  type IndividualRecord,
  type NewIndividual,
  type NewSession,
  type SessionRecord,
  type SessionWithIndividual,
  type StateRecord,
} from '@belgie/nestjs-oauth';
import { isUniqueViolation } from '../sql/database-error.js';
import { rawQuery, type RawQueryResult } from '../sql/raw-query.js';
import type { SqlDialect } from '../sql/sql-dialect.js';
import { SqlSession } from '../sql/sql-session.js';
import { INDIVIDUAL_PATCH_COLUMNS, statementsFor, type SqlStatements } from '../sql/sql-statements.js';
import { OAUTH_TYPEORM_OPTIONS, type TypeOrmOAuthRepositoryOptions } from './repository-options.js';
import { accountFromRow, aliasedPart, individualFromRow, sessionFromRow, stateFromRow } from './row-readers.js';
import { stateParameters, tokenValues } from './row-writers.js';

/** A token-use key longer than its column would be cut (MySQL) or refused (PostgreSQL): refuse it here. */
const MAX_TOKEN_USE_KEY_LENGTH = 128;

/**
 * `OAuthRepository` on a TypeORM `DataSource` (PostgreSQL, MySQL 8 / MariaDB, SQLite via
 * better-sqlite3). It runs its own SQL on the DataSource's pool and needs no entity registered; the
 * tables come from `oauthMigrations()`.
 */
@Injectable()
export class TypeOrmOAuthRepository extends OAuthRepository {
  private readonly dialect: SqlDialect;
  private readonly sql: SqlStatements;
  /** The pool; on the instances handed to `transaction` work, that transaction. */
  private db: SqlSession;

  constructor(@Inject(OAUTH_TYPEORM_OPTIONS) private readonly options: TypeOrmOAuthRepositoryOptions) {
    super();
    this.db = new SqlSession(options.dataSource);
    this.dialect = this.db.dialect;
    this.sql = statementsFor(this.dialect, options.tablePrefix ?? '');
  }

  async transaction<T>(work: (repository: OAuthRepository) => Promise<T>): Promise<T> {
    return this.db.transaction((manager) => work(this.bindTo(manager)));
  }

  async findIndividualById(id: string): Promise<IndividualRecord | null> {
    const [row] = (await this.query(this.sql.individualById, [id])).records;
    return row === undefined ? null : individualFromRow(row);
  }

  async findIndividualByEmail(email: string): Promise<IndividualRecord | null> {
    // Through the lower-cased, indexed column: case-insensitive on every database alike.
    const [row] = (await this.query(this.sql.individualByEmail, [email.toLowerCase()])).records;
    return row === undefined ? null : individualFromRow(row);
  }

  async createIndividual(individual: NewIndividual): Promise<IndividualRecord> {
    const now = this.now();
    const record: IndividualRecord = {
      id: randomUUID(),
      email: individual.email,
      emailVerifiedAt: individual.emailVerifiedAt,
      name: individual.name,
      image: individual.image,
      scopes: [],
      createdAt: now,
      updatedAt: now,
    };
    const d = this.dialect;
    await this.query(this.sql.insertIndividual, [
      record.id,
      record.email,
      record.email?.toLowerCase() ?? null,
      record.emailVerifiedAt === null ? null : d.date(record.emailVerifiedAt),
      record.name,
      record.image,
      JSON.stringify(record.scopes),
      d.date(now),
      d.date(now),
    ]);
    return { ...record, emailVerifiedAt: copyNullableDate(record.emailVerifiedAt), createdAt: new Date(now), updatedAt: new Date(now) };
  }

  async updateIndividual(id: string, patch: IndividualPatch): Promise<IndividualRecord | null> {
    // `undefined` counts as absent; only an explicit null clears a column.
    const values: Record<(typeof INDIVIDUAL_PATCH_COLUMNS)[number], unknown> = {
      email: patch.email,
      email_normalized: patch.email === undefined ? undefined : (patch.email?.toLowerCase() ?? null),
      email_verified_at:
        patch.emailVerifiedAt === undefined || patch.emailVerifiedAt === null
          ? patch.emailVerifiedAt
          : this.dialect.date(patch.emailVerifiedAt),
      name: patch.name,
      image: patch.image,
    };
    const columns = INDIVIDUAL_PATCH_COLUMNS.filter((column) => values[column] !== undefined);
    const parameters = [...columns.map((column) => values[column]), this.dialect.date(this.now()), id];
    return this.db.exclusive(async (held) => {
      const repository = this.on(held);
      await repository.query(this.sql.updateIndividual(columns), parameters);
      return repository.findIndividualById(id);
    });
  }

  async createSession(session: NewSession): Promise<SessionRecord> {
    const now = this.now();
    const record: SessionRecord = {
      id: randomUUID(),
      tokenHash: session.tokenHash,
      individualId: session.individualId,
      expiresAt: session.expiresAt,
      ipAddress: session.ipAddress,
      userAgent: session.userAgent,
      createdAt: now,
      updatedAt: now,
    };
    const d = this.dialect;
    await this.query(this.sql.insertSession, [
      record.id,
      record.tokenHash,
      record.individualId,
      d.date(record.expiresAt),
      record.ipAddress,
      record.userAgent,
      d.date(now),
      d.date(now),
    ]);
    return { ...record, expiresAt: new Date(record.expiresAt), createdAt: new Date(now), updatedAt: new Date(now) };
  }

  async findSessionByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    const [row] = (await this.query(this.sql.sessionByTokenHash, [tokenHash])).records;
    return row === undefined ? null : sessionFromRow(row);
  }

  override async findSessionWithIndividual(tokenHash: string): Promise<SessionWithIndividual | null> {
    // One query on every signed-in request instead of two.
    const [row] = (await this.query(this.sql.sessionWithIndividual, [tokenHash])).records;
    return row === undefined
      ? null
      : { session: sessionFromRow(aliasedPart(row, 's')), individual: individualFromRow(aliasedPart(row, 'i')) };
  }

  async extendSession(id: string, expiresAt: Date): Promise<void> {
    await this.query(this.sql.extendSession, [this.dialect.date(expiresAt), this.dialect.date(this.now()), id]);
  }

  async deleteSession(id: string): Promise<void> {
    await this.query(this.sql.deleteSession, [id]);
  }

  async findAccount(provider: string, providerAccountId: string): Promise<AccountRecord | null> {
    return this.firstAccount(this.sql.accountByProviderId, [provider, providerAccountId]);
  }

  async findAccountById(id: string): Promise<AccountRecord | null> {
    return this.firstAccount(this.sql.accountById, [id]);
  }

  async findAccountForIndividual(individualId: string, provider: string, providerAccountId: string): Promise<AccountRecord | null> {
    return this.firstAccount(this.sql.accountForIndividual, [individualId, provider, providerAccountId]);
  }

  async listAccounts(individualId: string, provider: string): Promise<AccountRecord[]> {
    return (await this.query(this.sql.listAccounts, [individualId, provider])).records.map(accountFromRow);
  }

  async upsertAccount(
    individualId: string,
    provider: string,
    providerAccountId: string,
    tokens: AccountTokenFields,
  ): Promise<AccountRecord> {
    const now = this.dialect.date(this.now());
    const candidateId = randomUUID();
    const insert = [candidateId, individualId, provider, providerAccountId, ...tokenValues(tokens, this.dialect), now, now];
    // The database decides the race between concurrent sign-ins (unique provider identity), not a
    // read-then-insert; and no statement fails on a conflict, since a failed INSERT would abort
    // the surrounding sign-in transaction on PostgreSQL.
    if (this.dialect.name !== 'mysql') {
      const [row] = (await this.query(this.sql.upsertAccount, insert)).records;
      // No row back: the conflict's WHERE refused the update, so another individual owns it.
      if (row === undefined) throw alreadyLinkedError();
      return accountFromRow(row);
    }
    return this.db.exclusive(async (held) => {
      const repository = this.on(held);
      await repository.query(this.sql.upsertAccount, insert);
      const stored = await repository.firstAccount(this.sql.accountByProviderIdLatest, [provider, providerAccountId]);
      if (stored === null) {
        throw new OAuthError('account_update_failed', 'oauth account disappeared while it was being saved');
      }
      if (stored.id === candidateId) return stored;
      if (stored.individualId !== individualId) throw alreadyLinkedError();
      const updated = await repository.updateAccountTokens(stored.id, tokens);
      if (updated === null) {
        throw new OAuthError('account_update_failed', 'oauth account disappeared while it was being saved');
      }
      return updated;
    });
  }

  async updateAccountTokens(id: string, tokens: AccountTokenFields): Promise<AccountRecord | null> {
    return this.db.exclusive(async (held) => {
      const repository = this.on(held);
      await repository.query(this.sql.updateTokens, [...tokenValues(tokens, this.dialect), this.dialect.date(this.now()), id]);
      return repository.findAccountById(id);
    });
  }

  async deleteAccount(individualId: string, provider: string, providerAccountId: string): Promise<boolean> {
    return (await this.query(this.sql.deleteAccount, [individualId, provider, providerAccountId])).affected > 0;
  }

  async createState(state: StateRecord): Promise<void> {
    try {
      await this.query(this.sql.insertState, stateParameters(state, this.dialect));
    } catch (error) {
      // Like the in-memory repository; the state value itself stays out of the message.
      if (isUniqueViolation(error)) throw new Error('oauth state already exists');
      throw error;
    }
  }

  async consumeState(state: string, now: Date): Promise<StateRecord | null> {
    // Single winner: of N concurrent callers exactly one gets the row, so a replayed or doubly
    // submitted callback cannot complete the flow twice. PostgreSQL and SQLite: one
    // `DELETE … RETURNING`. MySQL has no RETURNING: a locking read and the delete, in a transaction
    // (later callers wait on the row lock and then find nothing).
    const [row] =
      this.dialect.name === 'mysql'
        ? await this.db.transaction(async (manager) => {
            const selected = await rawQuery(manager, this.sql.consumeState, [state]);
            if (selected.records.length > 0) await rawQuery(manager, this.sql.deleteState, [state]);
            return selected.records;
          })
        : (await this.query(this.sql.consumeState, [state])).records;
    if (row === undefined) return null;
    const record = stateFromRow(row);
    // Expired rows are deleted all the same, so they cannot be retried.
    return record.expiresAt.getTime() > now.getTime() ? record : null;
  }

  async purgeExpiredStates(now: Date): Promise<number> {
    return (await this.query(this.sql.purgeExpiredStates, [this.dialect.date(now)])).affected;
  }

  async acquireRefreshLease(accountId: string, owner: string, expiresAt: Date, now: Date): Promise<boolean> {
    // A single conditional UPDATE: the row lock makes it single-winner across processes; the
    // affected-row count says whether we won.
    const d = this.dialect;
    const result = await this.query(this.sql.acquireLease, [owner, d.date(expiresAt), accountId, d.date(now), owner]);
    return result.affected === 1;
  }

  async releaseRefreshLease(accountId: string, owner: string): Promise<void> {
    // Only the holder may release: a slow instance whose lease already expired must not free the
    // lease a newer holder took meanwhile.
    await this.query(this.sql.releaseLease, [accountId, owner]);
  }

  async recordTokenUse(key: string, expiresAt: Date, now: Date): Promise<boolean> {
    if (key.length > MAX_TOKEN_USE_KEY_LENGTH) {
      // A cut key could collide with another token's: refuse instead (the key is a digest, not a token).
      throw new Error(`token use key longer than ${MAX_TOKEN_USE_KEY_LENGTH} characters`);
    }
    const d = this.dialect;
    return this.db.exclusive(async (held) => {
      const repository = this.on(held);
      // An expired record counts as absent: remove it first (only expired rows: a live one stays).
      await repository.query(this.sql.deleteExpiredTokenUse, [key, d.date(now)]);
      // Then the primary key decides: of N concurrent first uses exactly one insert lands, so a
      // replayed token is refused on every instance sharing the database.
      try {
        return (await repository.query(this.sql.insertTokenUse, [key, d.date(expiresAt)])).affected === 1;
      } catch (error) {
        // MySQL: a plain INSERT (INSERT IGNORE would also hide truncation); a duplicate = used.
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    });
  }

  private async firstAccount(sql: string, parameters: unknown[]): Promise<AccountRecord | null> {
    const [row] = (await this.query(sql, parameters)).records;
    return row === undefined ? null : accountFromRow(row);
  }

  private query(sql: string, parameters: unknown[]): Promise<RawQueryResult> {
    return this.db.query(sql, parameters);
  }

  private bindTo(manager: EntityManager): TypeOrmOAuthRepository {
    return this.on(this.db.boundTo(manager));
  }

  /** This repository on another session (a transaction's, or one held under the lock): same statements. */
  private on(db: SqlSession): TypeOrmOAuthRepository {
    if (db === this.db) return this;
    const view = Object.create(this) as TypeOrmOAuthRepository;
    view.db = db;
    return view;
  }

  /** A private Date, even if the clock hands out a shared instance. */
  private now(): Date {
    return new Date((this.options.clock?.now() ?? new Date()).getTime());
  }
}

function alreadyLinkedError(): OAuthError {
  // One provider identity signs in exactly one individual; silently moving it would hand the other
  // individual's sign-in to whoever linked last.
  return new OAuthError('account_already_linked_to_different_user', 'oauth account is already linked to another individual');
}

function copyNullableDate(value: Date | null): Date | null {
  return value === null ? null : new Date(value.getTime());
}
