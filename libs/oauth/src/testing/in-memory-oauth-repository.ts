import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../common/clock.js';
import { OAuthError } from '../errors/oauth-error.js';
import { OAuthRepository } from '../persistence/oauth-repository.js';
import { SerialLock } from '../persistence/serial-lock.js';
import type {
  AccountRecord,
  AccountTokenFields,
  IndividualPatch,
  IndividualRecord,
  NewIndividual,
  NewSession,
  SessionRecord,
  StateRecord,
} from '../persistence/records.js';
import {
  compareAccounts,
  copy,
  copyDate,
  emptyTables,
  jsonRoundTrip,
  mergeTokens,
  pickTokens,
  type InMemoryTables,
} from './in-memory-tables.js';

export interface InMemoryOAuthRepositoryOptions {
  /** Source of createdAt / updatedAt. Defaults to the system clock. */
  clock?: Clock;
}

/**
 * A complete `OAuthRepository` kept in process memory, for tests and demos. It passes
 * `describeOAuthRepositoryContract`.
 *
 * Atomicity: no method awaits anything, so each one runs to completion without interleaving; that is
 * what makes `consumeState` and `acquireRefreshLease` single-winner. Rows are copied in and out, so a
 * caller can never mutate stored state behind the repository's back.
 *
 * Transactions are serialised with each other and roll back by restoring a snapshot. Writes made
 * outside any transaction while one is running are lost if that transaction rolls back: a test
 * double's simplification, not a database's isolation.
 */
export class InMemoryOAuthRepository extends OAuthRepository {
  private tables: InMemoryTables = emptyTables();
  private readonly clock: Clock;
  private readonly transactions = new SerialLock();
  /**
   * What transaction work receives: this repository (same tables), except that its `transaction`
   * nests at once, rolling back like a savepoint, instead of waiting for the lock its caller holds.
   */
  private readonly insideTransaction: OAuthRepository = Object.create(this, {
    transaction: { value: <T>(work: (repository: OAuthRepository) => Promise<T>) => this.runWithRollback(work) },
  }) as OAuthRepository;

  constructor(options: InMemoryOAuthRepositoryOptions = {}) {
    super();
    this.clock = options.clock ?? systemClock;
  }

  /** Row counts, for assertions such as "a failed sign-in left nothing behind". */
  counts(): { individuals: number; sessions: number; accounts: number; states: number } {
    return {
      individuals: this.tables.individuals.size,
      sessions: this.tables.sessions.size,
      accounts: this.tables.accounts.size,
      states: this.tables.states.size,
    };
  }

  /** The current refresh lease of an account (expired or not), or null. */
  refreshLeaseOf(accountId: string): { owner: string; expiresAt: Date } | null {
    const lease = this.tables.leases.get(accountId);
    return lease === undefined ? null : copy(lease);
  }

  async transaction<T>(work: (repository: OAuthRepository) => Promise<T>): Promise<T> {
    // One at a time; a nested call (on the repository handed to work) runs inside its parent's turn.
    return this.transactions.run(() => this.runWithRollback(work));
  }

  async findIndividualById(id: string): Promise<IndividualRecord | null> {
    const row = this.tables.individuals.get(id);
    return row === undefined ? null : copy(row);
  }

  async findIndividualByEmail(email: string): Promise<IndividualRecord | null> {
    const wanted = email.toLowerCase();
    for (const row of this.tables.individuals.values()) {
      if (row.email !== null && row.email.toLowerCase() === wanted) {
        return copy(row);
      }
    }
    return null;
  }

  async createIndividual(individual: NewIndividual): Promise<IndividualRecord> {
    const now = this.now();
    const row: IndividualRecord = {
      id: randomUUID(),
      email: individual.email,
      emailVerifiedAt: copyDate(individual.emailVerifiedAt),
      name: individual.name,
      image: individual.image,
      scopes: [],
      createdAt: now,
      updatedAt: new Date(now.getTime()),
    };
    this.tables.individuals.set(row.id, row);
    return copy(row);
  }

  async updateIndividual(id: string, patch: IndividualPatch): Promise<IndividualRecord | null> {
    const row = this.tables.individuals.get(id);
    if (row === undefined) {
      return null;
    }
    // `undefined` counts as absent; only an explicit null clears a column.
    const next: IndividualRecord = { ...copy(row), updatedAt: this.now() };
    if (patch.email !== undefined) next.email = patch.email;
    if (patch.emailVerifiedAt !== undefined) next.emailVerifiedAt = copyDate(patch.emailVerifiedAt);
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.image !== undefined) next.image = patch.image;
    this.tables.individuals.set(id, next);
    return copy(next);
  }

  async createSession(session: NewSession): Promise<SessionRecord> {
    const now = this.now();
    const row: SessionRecord = {
      id: randomUUID(),
      tokenHash: session.tokenHash,
      individualId: session.individualId,
      expiresAt: new Date(session.expiresAt.getTime()),
      ipAddress: session.ipAddress,
      userAgent: session.userAgent,
      createdAt: now,
      updatedAt: new Date(now.getTime()),
    };
    this.tables.sessions.set(row.id, row);
    return copy(row);
  }

  async findSessionByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    for (const row of this.tables.sessions.values()) {
      if (row.tokenHash === tokenHash) {
        return copy(row);
      }
    }
    return null;
  }

  async extendSession(id: string, expiresAt: Date): Promise<void> {
    const row = this.tables.sessions.get(id);
    if (row !== undefined) {
      this.tables.sessions.set(id, {
        ...row,
        expiresAt: new Date(expiresAt.getTime()),
        updatedAt: this.now(),
      });
    }
  }

  async deleteSession(id: string): Promise<void> {
    this.tables.sessions.delete(id);
  }

  async findAccount(provider: string, providerAccountId: string): Promise<AccountRecord | null> {
    const row = this.accountRow(provider, providerAccountId);
    return row === undefined ? null : copy(row);
  }

  async findAccountById(id: string): Promise<AccountRecord | null> {
    const row = this.tables.accounts.get(id);
    return row === undefined ? null : copy(row);
  }

  async findAccountForIndividual(
    individualId: string,
    provider: string,
    providerAccountId: string,
  ): Promise<AccountRecord | null> {
    const row = this.accountRow(provider, providerAccountId);
    return row === undefined || row.individualId !== individualId ? null : copy(row);
  }

  async listAccounts(individualId: string, provider: string): Promise<AccountRecord[]> {
    return [...this.tables.accounts.values()]
      .filter((row) => row.individualId === individualId && row.provider === provider)
      .sort(compareAccounts)
      .map((row) => copy(row));
  }

  async upsertAccount(
    individualId: string,
    provider: string,
    providerAccountId: string,
    tokens: AccountTokenFields,
  ): Promise<AccountRecord> {
    const existing = this.accountRow(provider, providerAccountId);
    if (existing !== undefined) {
      // One provider identity signs in exactly one individual; silently moving it would hand
      // the other individual's sign-in to whoever linked last.
      if (existing.individualId !== individualId) {
        throw new OAuthError(
          'account_already_linked_to_different_user',
          'oauth account is already linked to another individual',
        );
      }
      return this.writeTokens(existing, tokens);
    }
    const now = this.now();
    const row: AccountRecord = {
      id: randomUUID(),
      individualId,
      provider,
      providerAccountId,
      ...pickTokens(tokens),
      createdAt: now,
      updatedAt: new Date(now.getTime()),
    };
    this.tables.accounts.set(row.id, row);
    return copy(row);
  }

  async updateAccountTokens(id: string, tokens: AccountTokenFields): Promise<AccountRecord | null> {
    const row = this.tables.accounts.get(id);
    return row === undefined ? null : this.writeTokens(row, tokens);
  }

  async deleteAccount(individualId: string, provider: string, providerAccountId: string): Promise<boolean> {
    const row = this.accountRow(provider, providerAccountId);
    if (row === undefined || row.individualId !== individualId) {
      return false;
    }
    this.tables.accounts.delete(row.id);
    this.tables.leases.delete(row.id);
    return true;
  }

  async createState(state: StateRecord): Promise<void> {
    if (this.tables.states.has(state.state)) {
      // Like a unique index; the state value itself stays out of the message.
      throw new Error('oauth state already exists');
    }
    const { payload, ...fields } = state;
    this.tables.states.set(state.state, { ...copy(fields), payload: jsonRoundTrip(payload) });
  }

  async consumeState(state: string, now: Date): Promise<StateRecord | null> {
    // Get and delete without an await in between: the first caller wins, every other one sees nothing.
    const row = this.tables.states.get(state);
    if (row === undefined) {
      return null;
    }
    this.tables.states.delete(state);
    return row.expiresAt.getTime() > now.getTime() ? copy(row) : null;
  }

  async purgeExpiredStates(now: Date): Promise<number> {
    let purged = 0;
    for (const [key, row] of this.tables.states) {
      if (row.expiresAt.getTime() <= now.getTime()) {
        this.tables.states.delete(key);
        purged += 1;
      }
    }
    return purged;
  }

  async acquireRefreshLease(accountId: string, owner: string, expiresAt: Date, now: Date): Promise<boolean> {
    const lease = this.tables.leases.get(accountId);
    const free = lease === undefined || lease.expiresAt.getTime() <= now.getTime() || lease.owner === owner;
    if (!free) {
      return false;
    }
    this.tables.leases.set(accountId, { owner, expiresAt: new Date(expiresAt.getTime()) });
    return true;
  }

  async releaseRefreshLease(accountId: string, owner: string): Promise<void> {
    // Only the holder may release: a slow instance whose lease already expired must not free the
    // lease a newer holder took meanwhile.
    if (this.tables.leases.get(accountId)?.owner === owner) {
      this.tables.leases.delete(accountId);
    }
  }

  async recordTokenUse(key: string, expiresAt: Date, now: Date): Promise<boolean> {
    const recorded = this.tables.tokenUses.get(key);
    if (recorded !== undefined && recorded.getTime() > now.getTime()) {
      return false;
    }
    // No await between the check and the write: the single-winner guarantee of the contract.
    this.tables.tokenUses.set(key, new Date(expiresAt.getTime()));
    return true;
  }

  /** A private Date, even if the clock hands out a shared instance. */
  private now(): Date {
    return new Date(this.clock.now().getTime());
  }

  private accountRow(provider: string, providerAccountId: string): AccountRecord | undefined {
    for (const row of this.tables.accounts.values()) {
      if (row.provider === provider && row.providerAccountId === providerAccountId) {
        return row;
      }
    }
    return undefined;
  }

  private writeTokens(row: AccountRecord, tokens: AccountTokenFields): AccountRecord {
    const next: AccountRecord = { ...copy(row), ...mergeTokens(row, tokens), updatedAt: this.now() };
    this.tables.accounts.set(next.id, next);
    return copy(next);
  }

  private async runWithRollback<T>(work: (repository: OAuthRepository) => Promise<T>): Promise<T> {
    const snapshot = copy(this.tables);
    try {
      return await work(this.insideTransaction);
    } catch (error) {
      this.tables = snapshot;
      throw error;
    }
  }
}
