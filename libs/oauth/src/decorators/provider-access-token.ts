import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ConfigurationError } from '../errors/oauth-error.js';
import type { RequestWithLinkedAccounts } from '../guards/linked-account.guard.js';
import type { RegisteredProviderId } from './provider-ids.js';

function matchedAccount(providerId: string, context: ExecutionContext) {
  const matched = context.switchToHttp().getRequest<RequestWithLinkedAccounts>().oauthLinkedAccounts?.[providerId];
  // The guard decides which account the route acts on; without it there is no safe choice.
  if (matched === undefined) {
    throw new ConfigurationError(`@ProviderAccessToken('${providerId}') needs @RequireLinkedAccount('${providerId}') on the route or its controller`);
  }
  return matched;
}

// Nest awaits a promise returned by a custom parameter decorator before calling the handler.
const accessTokenParam = createParamDecorator((providerId: string, context: ExecutionContext): Promise<string> =>
  matchedAccount(providerId, context).accessToken(),
);

const accountIdParam = createParamDecorator((providerId: string, context: ExecutionContext): string =>
  matchedAccount(providerId, context).providerAccountId,
);

/**
 * A valid access token of the account `@RequireLinkedAccount(providerId)` matched, refreshed first
 * when it expires within 30 s (de-duplicated with concurrent refreshes).
 */
export function ProviderAccessToken<const Id extends RegisteredProviderId>(providerId: Id): ParameterDecorator {
  return accessTokenParam(providerId);
}

/** The `providerAccountId` of the account `@RequireLinkedAccount(providerId)` matched. */
export function LinkedProviderAccountId<const Id extends RegisteredProviderId>(providerId: Id): ParameterDecorator {
  return accountIdParam(providerId);
}
