import { Inject } from '@nestjs/common';
import { getOAuthClientToken } from '../module/tokens.js';

/** Injects the `OAuthClient` of a configured provider: `@InjectOAuth('google') google: OAuthClient<'google'>`. */
export function InjectOAuth<const Id extends string>(providerId: Id): PropertyDecorator & ParameterDecorator {
  return Inject(getOAuthClientToken(providerId));
}
