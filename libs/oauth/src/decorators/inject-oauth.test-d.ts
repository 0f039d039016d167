/**
 * Type tests, checked by `tsc -b` (never run): each `@ts-expect-error` line must fail to compile,
 * every other line must compile. The global `OAuthProviderRegistry` is not augmented here (that
 * would constrain every other file of this program), so augmentation is proven through
 * `ProviderIdsOf`, the exact type `RegisteredProviderId` is built from.
 */
import { GoogleOAuth } from '../providers/google/google-options.js';
import { OAuthProvider } from '../providers/provider-definition.js';
import type { OAuthClient } from '../client/oauth-client.js';
import type { GoogleOAuthClient } from '../client/google-client.js';
import { defineOAuthProviders, InjectOAuth } from './inject-oauth.js';
import type { ProviderIdsOf, RegisteredProviderId } from './provider-ids.js';
import { ProviderAccessToken } from './provider-access-token.js';
import { RequireLinkedAccount } from './require-linked-account.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(value: T): T => value;

// Not augmented: any id is accepted (an unknown one fails at bootstrap instead).
assertType<Equal<RegisteredProviderId, string>>(true);
InjectOAuth('anything');

// An augmented registry narrows the accepted ids to its keys.
interface AugmentedRegistry {
  google: true;
  corp: true;
}
assertType<Equal<ProviderIdsOf<AugmentedRegistry>, 'google' | 'corp'>>(true);
// An app that never augments the registry: any string is a valid id.
interface EmptyRegistry {}
assertType<Equal<ProviderIdsOf<EmptyRegistry>, string>>(true);
const augmentedOnly = (id: ProviderIdsOf<AugmentedRegistry>): string => id;
augmentedOnly('google');
// @ts-expect-error 'gogle' is not a registered provider id
augmentedOnly('gogle');

// defineOAuthProviders: the ids come from the definitions (literal types of the presets).
const oauth = defineOAuthProviders([
  GoogleOAuth({ clientId: 'id', clientSecret: 'secret' }),
  OAuthProvider({ id: 'corp', clientId: 'c', discoveryUrl: 'https://idp.example/.well-known/openid-configuration' }),
] as const);
assertType<Equal<(typeof oauth.ids)[number], 'google' | 'corp'>>(true);

class CalendarService {
  constructor(
    @oauth.InjectOAuth('google') readonly google: GoogleOAuthClient,
    @oauth.InjectOAuth('corp') readonly corp: OAuthClient<'corp'>,
    // @ts-expect-error 'microsoft' is not among the defined providers
    @oauth.InjectOAuth('microsoft') readonly microsoft: OAuthClient<'microsoft'>,
  ) {}
}

class Routes {
  @RequireLinkedAccount('google', { scopes: ['https://www.googleapis.com/auth/calendar.readonly'], redirectToLink: true })
  calendar(@ProviderAccessToken('google') token: string): string {
    return token;
  }
}

// The client's id type flows: OAuthClient<'google'> is not an OAuthClient<'corp'>.
declare const googleClient: OAuthClient<'google'>;
assertType<Equal<typeof googleClient.providerId, 'google'>>(true);
// @ts-expect-error a google client is not a corp client
const wrongClient: OAuthClient<'corp'> = googleClient;

// @ts-expect-error RequireLinkedAccount options are checked
RequireLinkedAccount('google', { scope: 'calendar' });

export { CalendarService, Routes, wrongClient };
