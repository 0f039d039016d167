/**
 * Type tests for `forRootAsync`, checked by `tsc -b` (never run): each `@ts-expect-error` line must
 * fail to compile, every other line must compile.
 */
import { Injectable } from '@nestjs/common';
import { GoogleOAuth } from '../providers/google/google-options.js';
import { MicrosoftOAuth } from '../providers/microsoft/microsoft-options.js';
import { OAuthProvider } from '../providers/provider-definition.js';
import { InMemoryOAuthRepository } from '../testing/in-memory-oauth-repository.js';
import type { OAuthModuleAsyncValues, OAuthOptionsFactory } from './oauth-module-options.js';
import { OAuthModule } from './oauth.module.js';

const secret = 'type-test-secret-0123456789abcdefghijkl';
const baseUrl = 'https://app.example';
const repository = InMemoryOAuthRepository;
const providers = { google: GoogleOAuth, microsoft: MicrosoftOAuth, corp: OAuthProvider };

// Every provider's options come from the factory, keyed by id, each typed by its own factory.
OAuthModule.forRootAsync({
  providers,
  repository,
  useFactory: () => ({
    secret,
    baseUrl,
    providers: {
      google: { clientId: 'g', clientSecret: 's', hostedDomain: 'example.com' },
      microsoft: { clientId: 'm', clientType: 'public', tenant: 'organizations' },
      corp: { clientId: 'c', clientSecret: 's', discoveryUrl: 'https://id.example/.well-known/openid-configuration' },
    },
  }),
});

OAuthModule.forRootAsync({
  providers: { google: GoogleOAuth },
  repository,
  // @ts-expect-error an id the static list does not declare
  useFactory: () => ({ secret, baseUrl, providers: { google: { clientId: 'g', clientSecret: 's' }, gogle: { clientId: 'g', clientSecret: 's' } } }),
});

OAuthModule.forRootAsync({
  providers: { google: GoogleOAuth, corp: OAuthProvider },
  repository,
  // @ts-expect-error a declared id without options
  useFactory: () => ({ secret, baseUrl, providers: { google: { clientId: 'g', clientSecret: 's' } } }),
});

OAuthModule.forRootAsync({
  providers: { google: GoogleOAuth },
  repository,
  // @ts-expect-error an option of another preset (Microsoft's tenant) on Google
  useFactory: () => ({ secret, baseUrl, providers: { google: { clientId: 'g', clientSecret: 's', tenant: 'common' } } }),
});

OAuthModule.forRootAsync({
  providers: { corp: OAuthProvider },
  repository,
  // @ts-expect-error the generic provider's id is its key, not an option
  useFactory: () => ({ secret, baseUrl, providers: { corp: { id: 'corp', clientId: 'c', clientSecret: 's' } } }),
});

@Injectable()
class OAuthConfig implements OAuthOptionsFactory<{ corp: typeof OAuthProvider }> {
  createOAuthOptions(): OAuthModuleAsyncValues<{ corp: typeof OAuthProvider }> {
    return { secret, baseUrl, providers: { corp: { clientId: 'c', clientType: 'public', discoveryUrl: 'https://id.example/x' } } };
  }
}
OAuthModule.forRootAsync({ providers: { corp: OAuthProvider }, repository, useClass: OAuthConfig });
OAuthModule.forRootAsync({ providers: { corp: OAuthProvider }, repository: { useExisting: 'REPO' }, useExisting: OAuthConfig });
// @ts-expect-error a factory class for other providers
OAuthModule.forRootAsync({ providers: { google: GoogleOAuth }, repository, useClass: OAuthConfig });
