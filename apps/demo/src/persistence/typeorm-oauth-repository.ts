import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
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
  type StateRecord,
} from '@belgie/nestjs-oauth';
import { IndividualEntity } from './entities/individual.entity.js';
import { OAuthAccountEntity } from './entities/oauth-account.entity.js';
import { OAuthStateEntity } from './entities/oauth-state.entity.js';
import { SessionEntity } from './entities/session.entity.js';
import {
  allTokenFields,
  nonNullTokenFields,
  stateFromRawRow,
  toAccountRecord,
  toIndividualRecord,
  toSessionRecord,
  toStateEntityFields,
} from './record-mappers.js';
import { rawQuery } from './raw-query.js';
import { SerialLock } from './serial-lock.js';
import { isUniqueViolation, sanitizeDatabaseError } from './database-error.js';
import { dateParameter, dialectOf, placeholders, type SqlDialect } from './sql-dialect.js';

/** Source of `createdAt` / `updatedAt`; tests may fake it. */
export interface PersistenceClock {
  now(): Date;
}

/** Optional DI token for a `PersistenceClock`; the system clock when absent. */
export const PERSISTENCE_CLOCK = Symbol('PERSISTENCE_CLOCK');

const systemClock: PersistenceClock = { now: () => new Date() };

/** One lock per SQLite DataSource, shared by every repository instance using it (see SerialLock). */
const sqliteLocks = new WeakMap<DataSource, SerialLock>();

function sqliteLockFor(dataSource: DataSource): SerialLock {
  let lock = sqliteLocks.get(dataSource);
  if (lock === undefined) {
    lock = new SerialLock();
    sqliteLocks.set(dataSource, lock);
  }
  return lock;
}

/** The reference `OAuthRepository` on TypeORM, for SQLite (better-sqlite3) and PostgreSQL. */
@Injectable()
export class TypeOrmOAuthRepository extends OAuthRepository {
  private readonly dialect: SqlDialect;
  private readonly clock: PersistenceClock;
  /** Set only on the instances handed to `transaction` work: every call then uses that manager. */
  private boundManager: EntityManager | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(PERSISTENCE_CLOCK) clock?: PersistenceClock,
  ) {
    super();
    this.dialect = dialectOf(dataSource);
    this.clock = clock ?? systemClock;
  }

  async transaction<T>(work: (repository: OAuthRepository) => Promise<T>): Promise<T> {
    if (this.boundManager !== null) {
      // Nested: runs inside the current transaction as a savepoint, so a failing inner block
      // rolls back only its own writes.
      return this.boundManager.transaction((manager) => work(this.bindTo(manager)));
    }
    return this.run((manager) => manager.transaction((txManager) => work(this.bindTo(txManager))));
  }

  async findIndividualById(id: string): Promise<IndividualRecord | null> {
    const row = await this.run((m) => m.findOneBy(IndividualEntity, { id }));
    return row === null ? null : toIndividualRecord(row);
  }

  async findIndividualByEmail(email: string): Promise<IndividualRecord | null> {
    const row = await this.run((m) =>
      m.findOne(IndividualEntity, {
        where: { emailNormalized: email.toLowerCase() },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
    );
    return row === null ? null : toIndividualRecord(row);
  }

  async createIndividual(individual: NewIndividual): Promise<IndividualRecord> {
    const now = this.now();
    const row: IndividualEntity = {
      id: randomUUID(),
      email: individual.email,
      emailNormalized: individual.email?.toLowerCase() ?? null,
      emailVerifiedAt: individual.emailVerifiedAt,
      name: individual.name,
      image: individual.image,
      scopes: '[]',
      createdAt: now,
      updatedAt: now,
    };
    await this.run((m) => m.insert(IndividualEntity, row));
    return toIndividualRecord(row);
  }

  async updateIndividual(id: string, patch: IndividualPatch): Promise<IndividualRecord | null> {
    // `undefined` counts as absent; only an explicit null clears a column.
    const changes: Partial<IndividualEntity> = { updatedAt: this.now() };
    if (patch.email !== undefined) {
      changes.email = patch.email;
      changes.emailNormalized = patch.email?.toLowerCase() ?? null;
    }
    if (patch.emailVerifiedAt !== undefined) changes.emailVerifiedAt = patch.emailVerifiedAt;
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.image !== undefined) changes.image = patch.image;
    const row = await this.run(async (m) => {
      await m.update(IndividualEntity, { id }, changes);
      return m.findOneBy(IndividualEntity, { id });
    });
    return row === null ? null : toIndividualRecord(row);
  }

  async createSession(session: NewSession): Promise<SessionRecord> {
    const now = this.now();
    const row: SessionEntity = {
      id: randomUUID(),
      tokenHash: session.tokenHash,
      individualId: session.individualId,
      expiresAt: session.expiresAt,
      ipAddress: session.ipAddress,
      userAgent: session.userAgent,
      createdAt: now,
      updatedAt: now,
    };
    await this.run((m) => m.insert(SessionEntity, row));
    return toSessionRecord(row);
  }

  async findSessionByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    const row = await this.run((m) => m.findOneBy(SessionEntity, { tokenHash }));
    return row === null ? null : toSessionRecord(row);
  }

  async extendSession(id: string, expiresAt: Date): Promise<void> {
    await this.run((m) => m.update(SessionEntity, { id }, { expiresAt, updatedAt: this.now() }));
  }

  async deleteSession(id: string): Promise<void> {
    await this.run((m) => m.delete(SessionEntity, { id }));
  }

  async findAccount(provider: string, providerAccountId: string): Promise<AccountRecord | null> {
    const row = await this.run((m) => m.findOneBy(OAuthAccountEntity, { provider, providerAccountId }));
    return row === null ? null : toAccountRecord(row);
  }

  async findAccountById(id: string): Promise<AccountRecord | null> {
    const row = await this.run((m) => m.findOneBy(OAuthAccountEntity, { id }));
    return row === null ? null : toAccountRecord(row);
  }

  async findAccountForIndividual(
    individualId: string,
    provider: string,
    providerAccountId: string,
  ): Promise<AccountRecord | null> {
    const row = await this.run((m) => m.findOneBy(OAuthAccountEntity, { individualId, provider, providerAccountId }));
    return row === null ? null : toAccountRecord(row);
  }

  async listAccounts(individualId: string, provider: string): Promise<AccountRecord[]> {
    const rows = await this.run((m) =>
      m.find(OAuthAccountEntity, { where: { individualId, provider }, order: { createdAt: 'ASC', id: 'ASC' } }),
    );
    return rows.map(toAccountRecord);
  }

  async upsertAccount(
    individualId: string,
    provider: string,
    providerAccountId: string,
    tokens: AccountTokenFields,
  ): Promise<AccountRecord> {
    return this.run(async (m) => {
      const now = this.now();
      const candidate: OAuthAccountEntity = {
        id: randomUUID(),
        individualId,
        provider,
        providerAccountId,
        ...allTokenFields(tokens),
        createdAt: now,
        updatedAt: now,
        refreshLeaseOwner: null,
        refreshLeaseExpiresAt: null,
      };
      // ON CONFLICT DO NOTHING, then read, rather than catching a unique violation: on PostgreSQL a
      // failed INSERT aborts the surrounding transaction (the sign-in's), and the database decides
      // the race between concurrent sign-ins, not a read-then-insert.
      await m.createQueryBuilder().insert().into(OAuthAccountEntity).values(candidate).orIgnore().execute();
      const stored = await m.findOneBy(OAuthAccountEntity, { provider, providerAccountId });
      if (stored === null) {
        throw new OAuthError('account_update_failed', 'oauth account disappeared while it was being saved');
      }
      if (stored.id === candidate.id) {
        return toAccountRecord(stored);
      }
      // One provider identity signs in exactly one individual; silently moving it would hand the
      // other individual's sign-in to whoever linked last.
      if (stored.individualId !== individualId) {
        throw new OAuthError(
          'account_already_linked_to_different_user',
          'oauth account is already linked to another individual',
        );
      }
      const updated = await this.writeTokens(m, stored.id, tokens);
      if (updated === null) {
        throw new OAuthError('account_update_failed', 'oauth account disappeared while it was being saved');
      }
      return updated;
    });
  }

  async updateAccountTokens(id: string, tokens: AccountTokenFields): Promise<AccountRecord | null> {
    return this.run((m) => this.writeTokens(m, id, tokens));
  }

  async deleteAccount(individualId: string, provider: string, providerAccountId: string): Promise<boolean> {
    const result = await this.run((m) => m.delete(OAuthAccountEntity, { individualId, provider, providerAccountId }));
    return (result.affected ?? 0) > 0;
  }

  async createState(state: StateRecord): Promise<void> {
    try {
      await this.run((m) => m.insert(OAuthStateEntity, toStateEntityFields(state)));
    } catch (error) {
      // Like the in-memory repository; the state value itself stays out of the message.
      if (isUniqueViolation(error)) throw new Error('oauth state already exists');
      throw error;
    }
  }

  async consumeState(state: string, now: Date): Promise<StateRecord | null> {
    const [p1] = placeholders(this.dialect, 1);
    // One statement deletes and returns the row: of N concurrent callers exactly one gets it, so a
    // replayed or doubly submitted callback cannot complete the flow twice.
    const result = await this.run((m) =>
      rawQuery(m, `DELETE FROM "oauth_states" WHERE "state" = ${p1} RETURNING *`, [state]),
    );
    const row = result.records[0];
    if (row === undefined) {
      return null;
    }
    const record = stateFromRawRow(row);
    // Expired rows are deleted all the same, so they cannot be retried.
    return record.expiresAt.getTime() > now.getTime() ? record : null;
  }

  async purgeExpiredStates(now: Date): Promise<number> {
    const [p1] = placeholders(this.dialect, 1);
    const result = await this.run((m) =>
      rawQuery(m, `DELETE FROM "oauth_states" WHERE "expires_at" <= ${p1}`, [dateParameter(this.dialect, now)]),
    );
    return result.affected ?? 0;
  }

  async acquireRefreshLease(accountId: string, owner: string, expiresAt: Date, now: Date): Promise<boolean> {
    const [p1, p2, p3, p4, p5] = placeholders(this.dialect, 5);
    // A single conditional UPDATE: the row lock makes it single-winner across processes; the
    // affected-row count says whether we won.
    const sql =
      `UPDATE "oauth_accounts" SET "refresh_lease_owner" = ${p1}, "refresh_lease_expires_at" = ${p2} ` +
      `WHERE "id" = ${p3} AND ("refresh_lease_owner" IS NULL OR "refresh_lease_expires_at" <= ${p4} ` +
      `OR "refresh_lease_owner" = ${p5})`;
    const result = await this.run((m) =>
      rawQuery(m, sql, [
        owner,
        dateParameter(this.dialect, expiresAt),
        accountId,
        dateParameter(this.dialect, now),
        owner,
      ]),
    );
    return result.affected === 1;
  }

  async releaseRefreshLease(accountId: string, owner: string): Promise<void> {
    const [p1, p2] = placeholders(this.dialect, 2);
    // Only the holder may release: a slow instance whose lease already expired must not free the
    // lease a newer holder took meanwhile.
    const sql =
      `UPDATE "oauth_accounts" SET "refresh_lease_owner" = NULL, "refresh_lease_expires_at" = NULL ` +
      `WHERE "id" = ${p1} AND "refresh_lease_owner" = ${p2}`;
    await this.run((m) => rawQuery(m, sql, [accountId, owner]));
  }

  async recordTokenUse(key: string, expiresAt: Date, now: Date): Promise<boolean> {
    const [p1, p2, p3] = placeholders(this.dialect, 3);
    // One statement: insert, or take over an expired record; a live record makes the DO UPDATE's
    // WHERE false and returns no row. The unique key serialises concurrent callers, so exactly one
    // of them gets a row back (a replayed ID token cannot sign in twice, whatever the instance).
    const sql =
      `INSERT INTO "oauth_token_uses" ("key", "expires_at") VALUES (${p1}, ${p2}) ` +
      `ON CONFLICT ("key") DO UPDATE SET "expires_at" = excluded."expires_at" ` +
      `WHERE "oauth_token_uses"."expires_at" <= ${p3} RETURNING "key"`;
    const result = await this.run((m) =>
      rawQuery(m, sql, [key, dateParameter(this.dialect, expiresAt), dateParameter(this.dialect, now)]),
    );
    return result.records.length === 1;
  }

  /** Null-preserving token update (null = keep the stored value); the fresh row, or null if gone. */
  private async writeTokens(m: EntityManager, id: string, tokens: AccountTokenFields): Promise<AccountRecord | null> {
    await m.update(OAuthAccountEntity, { id }, { ...nonNullTokenFields(tokens), updatedAt: this.now() });
    const row = await m.findOneBy(OAuthAccountEntity, { id });
    return row === null ? null : toAccountRecord(row);
  }

  /**
   * Runs `work` on the bound transaction manager, or on the DataSource's (serialised on SQLite).
   * Failed queries surface as DatabaseError, without the SQL parameters (tokens) they carried.
   */
  private async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      if (this.boundManager !== null) {
        return await work(this.boundManager);
      }
      const manager = this.dataSource.manager;
      return await (this.dialect === 'sqlite' ? sqliteLockFor(this.dataSource).run(() => work(manager)) : work(manager));
    } catch (error) {
      throw sanitizeDatabaseError(error);
    }
  }

  private bindTo(manager: EntityManager): TypeOrmOAuthRepository {
    const bound = new TypeOrmOAuthRepository(this.dataSource, this.clock);
    bound.boundManager = manager;
    return bound;
  }

  /** A private Date, even if the clock hands out a shared instance. */
  private now(): Date {
    return new Date(this.clock.now().getTime());
  }
}
