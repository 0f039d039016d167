import { Inject, Optional } from '@nestjs/common';
import { getOAuthClientToken } from '../module/tokens.js';
import type { OAuthProviderDefinition } from '../providers/provider-definition.js';
import type { ProviderIdsIn, RegisteredProviderId } from './provider-ids.js';

/** Which provider ids each class asks for with `@InjectOAuth` (checked at bootstrap). */
const requestedIds = new WeakMap<object, string[]>();

/** The ids `@InjectOAuth` asked for on a class (constructor parameters and properties). */
export function requestedOAuthIds(type: object): readonly string[] {
  return requestedIds.get(type) ?? [];
}

export type OAuthInjectDecorator = PropertyDecorator & ParameterDecorator;

function recordRequestedId(target: object, providerId: string): void {
  // Constructor parameters decorate the class; properties decorate its prototype.
  const owner: object = typeof target === 'function' ? target : (target as { constructor: object }).constructor;
  requestedIds.set(owner, [...(requestedIds.get(owner) ?? []), providerId]);
}

function injectClient(providerId: string): OAuthInjectDecorator {
  const inject = Inject(getOAuthClientToken(providerId));
  const optional = Optional();
  return (target: object, key: string | symbol | undefined, index?: number): void => {
    recordRequestedId(target, providerId);
    if (typeof index === 'number') {
      inject(target, key, index);
      // Optional so Nest does not stop with its generic "can't resolve dependencies" error: the
      // module's bootstrap check (InjectOAuthCheck) fails instead, naming the id and the configured ids.
      optional(target, key, index);
    } else if (key !== undefined) {
      inject(target, key);
      optional(target, key);
    }
  };
}

/**
 * Injects the `OAuthClient` of a configured provider: `@InjectOAuth('google') google: OAuthClient<'google'>`.
 * With `OAuthProviderRegistry` augmented, an unknown id does not compile; otherwise it fails at
 * bootstrap with a message naming it.
 */
export function InjectOAuth<const Id extends RegisteredProviderId>(providerId: Id): OAuthInjectDecorator {
  return injectClient(providerId);
}

/**
 * Typed helpers for a fixed list of providers, without global augmentation:
 *
 * ```ts
 * export const oauth = defineOAuthProviders([GoogleOAuth({...}), OAuthProvider({ id: 'corp', ... })] as const);
 * OAuthModule.forRoot({ providers: oauth.providers, ... });
 * constructor(@oauth.InjectOAuth('google') google: OAuthClient<'google'>) {}   // 'gogle' does not compile
 * ```
 */
export function defineOAuthProviders<const Definitions extends readonly OAuthProviderDefinition[]>(
  providers: Definitions,
): {
  readonly providers: Definitions;
  readonly ids: readonly ProviderIdsIn<Definitions>[];
  InjectOAuth<const Id extends ProviderIdsIn<Definitions>>(providerId: Id): OAuthInjectDecorator;
} {
  return Object.freeze({
    providers,
    ids: Object.freeze(providers.map((definition) => definition.id as ProviderIdsIn<Definitions>)),
    InjectOAuth: <const Id extends ProviderIdsIn<Definitions>>(providerId: Id): OAuthInjectDecorator => injectClient(providerId),
  });
}
