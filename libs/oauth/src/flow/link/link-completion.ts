import { Inject, Injectable } from '@nestjs/common';
import { OAuthError } from '../../errors/oauth-error.js';
import type { Clock } from '../../common/clock.js';
import { OAUTH_CLOCK } from '../../options/tokens.js';
import { OAuthRepository } from '../../persistence/oauth-repository.js';
import type { AccountRecord } from '../../persistence/records.js';
import type { ProviderRuntime } from '../../providers/provider-runtime.js';
import type { OAuthTokenSet } from '../../transport/token-set.js';
import type { OAuthHookContext } from '../../options/hooks.js';
import { OAuthEvents } from '../shared/oauth-events.js';
import { ProfileRefresh, sameEmail } from '../shared/profile-refresh.js';
import { encodeTokenFields } from '../shared/token-fields.js';
import type { OAuthUserInfo } from '../../providers/user-info.js';

export interface LinkInput {
  runtime: ProviderRuntime;
  individualId: string;
  user: OAuthUserInfo;
  tokens: OAuthTokenSet;
  /** Direct ID-token links must carry a verified (or trusted) email. */
  requireTrustedEmail: boolean;
  /** Present for direct links: also refresh the profile (spec §7.1 step 7). */
  refreshProfileWith: OAuthHookContext | null;
  /** Runs once every refusal gate has passed, before the first write (the ID-token replay record). */
  beforeWrite?: () => Promise<void>;
}

/** Spec §7.1: attach a provider identity to a given individual. Never creates a session. */
@Injectable()
export class LinkCompletion {
  constructor(
    @Inject(OAUTH_CLOCK) private readonly clock: Clock,
    private readonly repository: OAuthRepository,
    private readonly profiles: ProfileRefresh,
    private readonly events: OAuthEvents,
  ) {}

  async link(input: LinkInput): Promise<AccountRecord> {
    const { config, tokenCodec } = input.runtime;
    const { user } = input;
    const individual = await this.repository.findIndividualById(input.individualId);
    if (individual === null) throw new OAuthError('initiating_individual_not_found', 'initiating individual not found');
    if (input.requireTrustedEmail && !user.emailVerified && !config.trustedForAccountLinking) {
      throw new OAuthError('account_not_linked', 'provider email is not trusted for account linking');
    }
    if (!config.allowDifferentLinkEmails) {
      if (user.email === null) throw new OAuthError('email_missing', 'provider did not return an email');
      if (!sameEmail(user.email, individual.email)) {
        throw new OAuthError('email_does_not_match', 'provider email does not match the individual email');
      }
    }
    const owner = await this.repository.findAccount(config.id, user.providerAccountId);
    if (owner !== null && owner.individualId !== individual.id) {
      throw new OAuthError('account_already_linked_to_different_user', 'oauth account is already linked to another individual');
    }
    await input.beforeWrite?.();
    const account = await this.repository.upsertAccount(
      individual.id,
      config.id,
      user.providerAccountId,
      encodeTokenFields(tokenCodec, { provider: config.id, providerAccountId: user.providerAccountId }, input.tokens),
    );
    if (user.emailVerified && sameEmail(user.email, individual.email)) {
      await this.repository.updateIndividual(individual.id, { emailVerifiedAt: this.clock.now() });
    }
    if (input.refreshProfileWith !== null) {
      await this.profiles.apply(individual, user, config, input.refreshProfileWith);
    }
    this.events.emit({ type: 'link', provider: config.id, individualId: individual.id, providerAccountId: user.providerAccountId });
    return account;
  }
}
