import type {
  AccountRecord,
  AccountTokenFields,
  IndividualPatch,
  IndividualRecord,
  NewIndividual,
  NewSession,
  SessionRecord,
  StateRecord,
} from './records.js';

/** A session and the individual it belongs to. */
export interface SessionWithIndividual {
  session: SessionRecord;
  individual: IndividualRecord;
}

/**
 * The persistence contract, used directly as the DI token. Every implementation must pass
 * `describeOAuthRepositoryContract` from `@belgie/nestjs-oauth/testing`.
 *
 * Semantics every implementation must keep:
 * - `findIndividualByEmail` compares case-insensitively.
 * - Token updates treat `null` as "keep the stored value" (spec §10.1, the reference SQL adapter).
 * - Accounts are unique on (provider, providerAccountId): a conflict throws
 *   `OAuthError('account_already_linked_to_different_user')`.
 * - `consumeState` is atomic: of N concurrent callers with the same state, exactly one gets the row.
 * - `recordTokenUse` is atomic likewise: of N concurrent callers with the same live key, one gets true.
 * - `transaction` runs `work` with a repository bound to one database transaction; if `work` throws,
 *   nothing it wrote remains.
 */
export abstract class OAuthRepository {
  abstract transaction<T>(work: (repository: OAuthRepository) => Promise<T>): Promise<T>;

  abstract findIndividualById(id: string): Promise<IndividualRecord | null>;
  abstract findIndividualByEmail(email: string): Promise<IndividualRecord | null>;
  abstract createIndividual(individual: NewIndividual): Promise<IndividualRecord>;
  /** Applies only the keys present in `patch` (an explicit null clears). Returns null when missing. */
  abstract updateIndividual(id: string, patch: IndividualPatch): Promise<IndividualRecord | null>;

  abstract createSession(session: NewSession): Promise<SessionRecord>;
  abstract findSessionByTokenHash(tokenHash: string): Promise<SessionRecord | null>;
  /**
   * The session with this token hash and its individual; null when either is missing. Every
   * authenticated request resolves its session through this: the default makes the two lookups,
   * an implementation may override it with one query (the TypeORM adapter joins).
   */
  async findSessionWithIndividual(tokenHash: string): Promise<SessionWithIndividual | null> {
    const session = await this.findSessionByTokenHash(tokenHash);
    if (session === null) return null;
    const individual = await this.findIndividualById(session.individualId);
    return individual === null ? null : { session, individual };
  }
  abstract extendSession(id: string, expiresAt: Date): Promise<void>;
  abstract deleteSession(id: string): Promise<void>;

  abstract findAccount(provider: string, providerAccountId: string): Promise<AccountRecord | null>;
  abstract findAccountById(id: string): Promise<AccountRecord | null>;
  abstract findAccountForIndividual(
    individualId: string,
    provider: string,
    providerAccountId: string,
  ): Promise<AccountRecord | null>;
  /** Ordered by `createdAt` ascending (then id). */
  abstract listAccounts(individualId: string, provider: string): Promise<AccountRecord[]>;
  /**
   * Creates the account, or updates the tokens (null-preserving) when the same individual already
   * has it. Throws `account_already_linked_to_different_user` when another individual owns it.
   */
  abstract upsertAccount(
    individualId: string,
    provider: string,
    providerAccountId: string,
    tokens: AccountTokenFields,
  ): Promise<AccountRecord>;
  /** Null-preserving update of the token fields. Returns null when the account no longer exists. */
  abstract updateAccountTokens(id: string, tokens: AccountTokenFields): Promise<AccountRecord | null>;
  abstract deleteAccount(individualId: string, provider: string, providerAccountId: string): Promise<boolean>;

  abstract createState(state: StateRecord): Promise<void>;
  /** Atomically deletes and returns the row (single winner). Expired rows are deleted and not returned. */
  abstract consumeState(state: string, now: Date): Promise<StateRecord | null>;
  abstract purgeExpiredStates(now: Date): Promise<number>;

  /**
   * Refresh lease: atomically takes the lease for `accountId` when it is free or expired.
   * Returns true for the one caller that got it.
   */
  abstract acquireRefreshLease(accountId: string, owner: string, expiresAt: Date, now: Date): Promise<boolean>;
  abstract releaseRefreshLease(accountId: string, owner: string): Promise<void>;

  /** Records the single permitted use of `key` (e.g. a hash of provider + ID token, or iss+jti) until
   *  `expiresAt`. Atomic: of N concurrent callers with the same unexpired key exactly one gets true; an
   *  expired record with the same key counts as absent (and may be replaced). */
  abstract recordTokenUse(key: string, expiresAt: Date, now: Date): Promise<boolean>;
}
