import { Inject, Injectable } from '@nestjs/common';
import { OAuthError } from '../../errors/oauth-error.js';
import { SessionService, type CreatedSession, type RequestMetadata } from '../../identity/session-service.js';
import type { Clock } from '../../common/clock.js';
import { OAUTH_CLOCK } from '../../options/tokens.js';
import { OAuthRepository } from '../../persistence/oauth-repository.js';
import type { AccountRecord, IndividualRecord } from '../../persistence/records.js';
import type { ProviderRuntime } from '../../providers/provider-runtime.js';
import type { ResolvedProviderConfig } from '../../providers/resolved-provider-config.js';
import type { OAuthTokenSet } from '../../transport/token-set.js';
import { HookRunner } from '../shared/hook-runner.js';
import type { OAuthHookContext } from '../../options/hooks.js';
import { OAuthEvents } from '../shared/oauth-events.js';
import { ProfileRefresh } from '../shared/profile-refresh.js';
import { encodeTokenFields } from '../shared/token-fields.js';
import type { OAuthUserInfo } from '../../providers/user-info.js';

export interface SignInInput {
  runtime: ProviderRuntime;
  user: OAuthUserInfo;
  tokens: OAuthTokenSet;
  requestSignUp: boolean;
  context: OAuthHookContext;
  meta: RequestMetadata;
  /** Runs once every refusal gate has passed, before the first write (the ID-token replay record). */
  beforeWrite?: () => Promise<void>;
}

export interface SignInResult {
  individual: IndividualRecord;
  session: CreatedSession;
  account: AccountRecord;
  created: boolean;
}

/**
 * Implicit linking attaches a provider identity to an existing individual found by email. It needs a
 * trusted email on BOTH sides:
 * - the incoming one (verified by the provider, or a provider trusted for linking), or anyone could
 *   claim an account by registering the victim's address at a lax provider (account takeover);
 * - the existing individual's own, or an unverified sign-up (e.g. a Microsoft tenant that sets any
 *   `email`/`upn` it likes) could pre-claim an address and later receive the owner's verified sign-in,
 *   keeping a session on the owner's accounts (pre-account-takeover).
 */
function assertImplicitLinkAllowed(config: ResolvedProviderConfig, user: OAuthUserInfo, existing: IndividualRecord): void {
  if (!config.allowImplicitAccountLinking) {
    throw new OAuthError('account_not_linked', 'implicit account linking is disabled');
  }
  if (!user.emailVerified && !config.trustedForAccountLinking) {
    throw new OAuthError('account_not_linked', 'provider email is not trusted for implicit account linking');
  }
  if (existing.emailVerifiedAt === null) {
    throw new OAuthError('account_not_linked', 'the existing individual has not verified this email');
  }
  if (user.allowImplicitLinking === false) {
    throw new OAuthError('account_not_linked', 'this provider identity never links implicitly by email');
  }
}

/** Spec §6.6, made atomic: individual, account and session are written in one transaction. */
@Injectable()
export class SignInCompletion {
  constructor(
    @Inject(OAUTH_CLOCK) private readonly clock: Clock,
    private readonly repository: OAuthRepository,
    private readonly sessions: SessionService,
    private readonly profiles: ProfileRefresh,
    private readonly hooks: HookRunner,
    private readonly events: OAuthEvents,
  ) {}

  async complete(input: SignInInput): Promise<SignInResult> {
    const linked = await this.repository.findAccount(input.runtime.config.id, input.user.providerAccountId);
    const result = linked ? await this.signInLinked(input, linked) : await this.signInUnlinked(input);
    const { individual } = result;
    if (result.created) await this.hooks.run('afterSignUp', { ...input.context, individual });
    await this.hooks.run('afterAuthenticate', {
      ...input.context,
      individual,
      profile: {
        provider: input.runtime.config.id,
        providerAccountId: input.user.providerAccountId,
        email: input.user.email ?? individual.email,
        emailVerified: input.user.emailVerified,
        name: input.user.name,
        image: input.user.image,
      },
    });
    const ids = { provider: input.runtime.config.id, individualId: individual.id, providerAccountId: input.user.providerAccountId };
    // A new individual is a sign-up and also a sign-in (it got a session).
    if (result.created) this.events.emit({ type: 'signup', ...ids });
    this.events.emit({ type: 'signin', ...ids });
    return result;
  }

  /** Branch A: a known identity signs in; no sign-up or linking gates apply. */
  private async signInLinked(input: SignInInput, linked: AccountRecord): Promise<SignInResult> {
    const { config, tokenCodec } = input.runtime;
    const owner = await this.repository.findIndividualById(linked.individualId);
    if (owner === null) throw new OAuthError('linked_individual_not_found', 'linked individual not found');
    await input.beforeWrite?.();
    const individual = await this.profiles.apply(owner, input.user, config, input.context);
    return this.repository.transaction(async (tx) => {
      const account = config.updateAccountOnSignIn
        ? await tx.updateAccountTokens(linked.id, encodeTokenFields(tokenCodec, linked, input.tokens))
        : linked;
      if (account === null) throw new OAuthError('account_update_failed', 'failed to update linked oauth account');
      const session = await this.sessions.create(tx, individual.id, input.meta);
      return { individual, session, account, created: false };
    });
  }

  /** Branch B: a new identity: implicit linking by email, or sign-up, behind their gates. */
  private async signInUnlinked(input: SignInInput): Promise<SignInResult> {
    const { config, tokenCodec } = input.runtime;
    const { user } = input;
    if (user.email === null) throw new OAuthError('email_missing', 'provider did not return an email');
    const existing = await this.repository.findIndividualByEmail(user.email);
    if (existing) assertImplicitLinkAllowed(config, user, existing);
    else if (config.disableSignUp || (config.disableImplicitSignUp && !input.requestSignUp)) {
      throw new OAuthError('signup_disabled', 'sign-up is disabled for this provider');
    }
    await input.beforeWrite?.();
    const known = existing ? await this.profiles.apply(existing, user, config, input.context) : null;
    const now = this.clock.now();
    const email = user.email;
    return this.repository.transaction(async (tx) => {
      const individual =
        known ??
        (await tx.createIndividual({
          email,
          emailVerifiedAt: user.emailVerified ? now : null,
          name: user.name,
          image: user.image,
        }));
      // A conflict here (identity linked elsewhere a moment ago) rolls back the new individual too.
      const account = await tx.upsertAccount(
        individual.id,
        config.id,
        user.providerAccountId,
        encodeTokenFields(tokenCodec, { provider: config.id, providerAccountId: user.providerAccountId }, input.tokens),
      );
      const session = await this.sessions.create(tx, individual.id, input.meta);
      return { individual, session, account, created: known === null };
    });
  }
}
