import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '../../common/clock.js';
import { OAUTH_CLOCK } from '../../options/tokens.js';
import { OAuthRepository } from '../../persistence/oauth-repository.js';
import type { IndividualPatch, IndividualRecord } from '../../persistence/records.js';
import type { ResolvedProviderConfig } from '../../providers/resolved-provider-config.js';
import { HookRunner } from './hook-runner.js';
import type { OAuthHookContext } from '../../options/hooks.js';
import type { OAuthUserInfo } from '../../providers/user-info.js';

export function sameEmail(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
}

/** Spec §6.6.1: refresh an existing individual's profile from the provider; never changes the email. */
@Injectable()
export class ProfileRefresh {
  constructor(
    @Inject(OAUTH_CLOCK) private readonly clock: Clock,
    private readonly repository: OAuthRepository,
    private readonly hooks: HookRunner,
  ) {}

  async apply(
    individual: IndividualRecord,
    user: OAuthUserInfo,
    config: ResolvedProviderConfig,
    context: OAuthHookContext,
  ): Promise<IndividualRecord> {
    const patch: IndividualPatch = {};
    if (config.overrideUserInfoOnSignIn && user.name !== null) patch.name = user.name;
    if (config.overrideUserInfoOnSignIn && user.image !== null) patch.image = user.image;
    // Only the same address, verified by the provider, proves the individual controls it.
    if (user.emailVerified && sameEmail(user.email, individual.email)) patch.emailVerifiedAt = this.clock.now();
    if (Object.keys(patch).length === 0) return individual;
    const updated = await this.repository.updateIndividual(individual.id, patch);
    if (updated === null) return individual;
    await this.hooks.run('afterUpdateIndividual', { ...context, previous: individual, individual: updated });
    return updated;
  }
}
