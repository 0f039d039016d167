import { describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigurationError } from '../errors/oauth-error.js';
import { OAuthClients } from '../client/oauth-clients.js';
import { OAuthRepository } from '../persistence/oauth-repository.js';
import { GoogleOAuth } from '../providers/google/google-options.js';
import { MicrosoftOAuth } from '../providers/microsoft/microsoft-options.js';
import { OAuthProvider } from '../providers/provider-definition.js';
import { InMemoryOAuthRepository } from '../testing/in-memory-oauth-repository.js';
import type { OAuthModuleAsyncValues, OAuthOptionsFactory } from './oauth-module-options.js';
import { OAuthModule } from './oauth.module.js';
import { OAUTH_OPTIONS } from '../options/tokens.js';
import type { ResolvedModuleOptions } from '../options/resolved-module-options.js';

const SECRET = 'async-module-secret-0123456789-abcdefghij';
const corp = { clientId: 'corp-app', clientSecret: 'corp-secret', discoveryUrl: 'https://id.example/.well-known/openid-configuration' };
const factories = { google: GoogleOAuth, microsoft: MicrosoftOAuth, corp: OAuthProvider };
type Factories = typeof factories;

/** Stands for ConfigService: the values exist only once the DI container runs. */
@Injectable()
class Settings {
  readonly values: OAuthModuleAsyncValues<Factories> = {
    secret: SECRET,
    baseUrl: 'https://app.example',
    providers: {
      google: { clientId: 'g-app', clientSecret: 'g-secret', hostedDomain: 'example.com' },
      microsoft: { clientId: 'm-app', clientType: 'public', tenant: 'organizations' },
      corp: { ...corp, stateStrategy: 'cookie' },
    },
  };
}

@Module({ providers: [Settings], exports: [Settings] })
class SettingsModule {}

@Injectable()
class OAuthConfig implements OAuthOptionsFactory<Factories> {
  constructor(private readonly settings: Settings) {}
  createOAuthOptions(): OAuthModuleAsyncValues<Factories> {
    return this.settings.values;
  }
}

@Module({ imports: [SettingsModule], providers: [OAuthConfig], exports: [OAuthConfig] })
class OAuthConfigModule {}

async function options(module: ReturnType<typeof OAuthModule.forRootAsync>): Promise<ResolvedModuleOptions> {
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  const resolved = moduleRef.get<ResolvedModuleOptions>(OAUTH_OPTIONS);
  await moduleRef.close();
  return resolved;
}

describe('OAuthModule.forRootAsync', () => {
  it('takes every provider value (ids, secrets, tenant, hosted domain, strategy) from useFactory with inject', async () => {
    const resolved = await options(
      OAuthModule.forRootAsync({
        imports: [SettingsModule],
        inject: [Settings],
        providers: factories,
        repository: InMemoryOAuthRepository,
        useFactory: async (settings: Settings) => settings.values,
      }),
    );
    expect([...resolved.providers.keys()]).toEqual(['google', 'microsoft', 'corp']);
    expect(resolved.providers.get('google')).toMatchObject({ primaryClientId: 'g-app', clientSecret: 'g-secret' });
    // The hosted domain reaches Google's own strategy (sent as `hd`; no network: fixed endpoints).
    const google = resolved.definitions.get('google')!.createStrategy({
      config: resolved.providers.get('google')!,
      redirectUri: 'https://app.example/auth/provider/google/callback',
      http: { fetch: resolved.fetch, timeoutMs: 1_000, maxResponseBytes: 1_024 },
      clock: resolved.clock,
    });
    const url = new URL(await google.authorizationUrl({ state: 's', codeVerifier: null, nonce: null, scopes: ['openid'] }));
    expect(url.searchParams.get('hd')).toBe('example.com');
    expect(resolved.providers.get('microsoft')).toMatchObject({ primaryClientId: 'm-app', tokenEndpointAuthMethod: 'none' });
    // The tenant is in Microsoft's endpoints.
    expect(resolved.providers.get('microsoft')!.authorizationEndpoint).toContain('/organizations/oauth2/v2.0/authorize');
    expect(resolved.providers.get('corp')).toMatchObject({ id: 'corp', primaryClientId: 'corp-app', stateStrategy: 'cookie' });
  });

  it('takes them from useClass and from useExisting', async () => {
    const viaClass = await options(
      OAuthModule.forRootAsync({ imports: [SettingsModule], providers: factories, repository: InMemoryOAuthRepository, useClass: OAuthConfig }),
    );
    const viaExisting = await options(
      OAuthModule.forRootAsync({ imports: [OAuthConfigModule], providers: factories, repository: InMemoryOAuthRepository, useExisting: OAuthConfig }),
    );
    expect(viaClass.providers.get('google')?.clientSecret).toBe('g-secret');
    expect(viaExisting.providers.get('microsoft')?.primaryClientId).toBe('m-app');
  });

  it('fails at bootstrap with one ConfigurationError when the factory ids differ from the static ids', async () => {
    const build = Test.createTestingModule({
      imports: [
        OAuthModule.forRootAsync({
          providers: { google: GoogleOAuth, corp: OAuthProvider, login: MicrosoftOAuth },
          repository: InMemoryOAuthRepository,
          // Untyped on purpose (JavaScript, or values cast from a loose config): the runtime check is what is tested.
          useFactory: () =>
            ({
              secret: SECRET,
              baseUrl: 'https://app.example',
              providers: { google: { clientId: 'g', clientSecret: 's' }, corpp: corp, login: { clientId: 'm', clientSecret: 's' } },
            }) as unknown as OAuthModuleAsyncValues<{ google: typeof GoogleOAuth; corp: typeof OAuthProvider; login: typeof MicrosoftOAuth }>,
        }),
      ],
    }).compile();
    const failure = await build.then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigurationError);
    expect((failure as ConfigurationError).problems).toEqual([
      'OAuthModule.providers: "corpp" is returned by the forRootAsync factory but not declared in forRootAsync({ providers })',
      'OAuthModule.providers: "corp" is declared in forRootAsync({ providers }) but the factory returned no options for it',
      'OAuthModule.providers: "login": MicrosoftOAuth makes provider id "microsoft"; declare it under the key "microsoft"',
    ]);
  });

  it('binds the repository once: { useExisting } reuses the instance another module exports', async () => {
    const shared = new InMemoryOAuthRepository();
    @Module({ providers: [{ provide: InMemoryOAuthRepository, useValue: shared }], exports: [InMemoryOAuthRepository] })
    class PersistenceModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [
        OAuthModule.forRootAsync({
          imports: [PersistenceModule],
          providers: { corp: OAuthProvider },
          repository: { useExisting: InMemoryOAuthRepository },
          useFactory: () => ({ secret: SECRET, baseUrl: 'https://app.example', providers: { corp } }),
        }),
      ],
    }).compile();
    const repository = moduleRef.get(OAuthRepository);
    const individual = await repository.createIndividual({ email: 'a@example.com', emailVerifiedAt: null, name: null, image: null });
    // The same store: what the library writes, the app's own instance reads.
    expect(await shared.findIndividualById(individual.id)).toMatchObject({ email: 'a@example.com' });
    expect(moduleRef.get(OAuthClients).ids()).toEqual(['corp']);
    await moduleRef.close();
  });
});
