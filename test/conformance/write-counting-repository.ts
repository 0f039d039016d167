import type {
  AccountRecord,
  AccountTokenFields,
  IndividualPatch,
  IndividualRecord,
  NewIndividual,
  NewSession,
  SessionRecord,
} from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';

/**
 * The in-memory repository, recording every write to an individual, session or account row (token
 * updates included). States and refresh leases are transient by design and not recorded. A refused
 * flow must leave `writes` empty: "nothing persisted" is then stronger than equal row counts.
 */
export class WriteCountingRepository extends InMemoryOAuthRepository {
  readonly writes: string[] = [];

  override createIndividual(individual: NewIndividual): Promise<IndividualRecord> {
    this.writes.push('createIndividual');
    return super.createIndividual(individual);
  }

  override updateIndividual(id: string, patch: IndividualPatch): Promise<IndividualRecord | null> {
    this.writes.push('updateIndividual');
    return super.updateIndividual(id, patch);
  }

  override createSession(session: NewSession): Promise<SessionRecord> {
    this.writes.push('createSession');
    return super.createSession(session);
  }

  override extendSession(id: string, expiresAt: Date): Promise<void> {
    this.writes.push('extendSession');
    return super.extendSession(id, expiresAt);
  }

  override deleteSession(id: string): Promise<void> {
    this.writes.push('deleteSession');
    return super.deleteSession(id);
  }

  override upsertAccount(individualId: string, provider: string, providerAccountId: string, tokens: AccountTokenFields): Promise<AccountRecord> {
    this.writes.push('upsertAccount');
    return super.upsertAccount(individualId, provider, providerAccountId, tokens);
  }

  override updateAccountTokens(id: string, tokens: AccountTokenFields): Promise<AccountRecord | null> {
    this.writes.push('updateAccountTokens');
    return super.updateAccountTokens(id, tokens);
  }

  override deleteAccount(individualId: string, provider: string, providerAccountId: string): Promise<boolean> {
    this.writes.push('deleteAccount');
    return super.deleteAccount(individualId, provider, providerAccountId);
  }
}
