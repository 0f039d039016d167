import { Inject } from '@nestjs/common';
import { getOAuthClientToken } from '../options/tokens.js';
import type { OAuthProviderDefinition } from '../providers/provider-definition.js';
import type { ProviderIdsIn, RegisteredProviderId } from './provider-ids.js';

export type OAuthInjectDecorator = PropertyDecorator & ParameterDecorator;

/**
 * Not optional on purpose: a client that is not provided in the module's scope (an unknown id, or a
 * module that cannot see a non-global OAuthModule) stops bootstrap with Nest's DI error naming the
 * class and the token `OAuthClient:<id>`, instead of injecting `undefined` and failing later.
 */
function injectClient(providerId: string): OAuthInjectDecorator {
  return Inject(getOAuthClientToken(providerId));
}

/**
 * Injects the `OAuthClient` of a configured provider: `@InjectOAuth('google') google: OAuthClient<'google'>`.
 * With `OAuthProviderRegistry` augmented, an unknown id does not compile; otherwise bootstrap fails
 * with Nest's DI error naming the class and `OAuthClient:<id>`.
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
