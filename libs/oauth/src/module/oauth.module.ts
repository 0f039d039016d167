import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { LinkedAccountIdsCheck } from '../decorators/linked-account-ids-check.js';
import { AccountCookieService } from '../flow/accounts/account-cookie.js';
import { AccountOperations } from '../flow/accounts/account-operations.js';
import { CallbackFlow } from '../flow/sign-in/callback-flow.js';
import { HookRunner } from '../flow/shared/hook-runner.js';
import { IdTokenFlow } from '../flow/id-token/id-token-flow.js';
import { IdTokenNonces } from '../flow/id-token/id-token-nonce.js';
import { LinkCompletion } from '../flow/link/link-completion.js';
import { OAuthClients } from '../client/oauth-clients.js';
import { OAuthEvents } from '../flow/shared/oauth-events.js';
import { ProfileRefresh } from '../flow/shared/profile-refresh.js';
import { RefreshCoordinator } from '../flow/refresh/refresh-coordinator.js';
import { SignInCompletion } from '../flow/sign-in/signin-completion.js';
import { StartFlow } from '../flow/sign-in/start-flow.js';
import { LinkedAccountGuard } from '../guards/linked-account.guard.js';
import { SameOriginGuard } from '../guards/same-origin.guard.js';
import { SessionGuard } from '../guards/session-guard.js';
import { createAccountController } from '../http/account-controller.js';
import { JsonOnlyGuard } from '../http/dto/json-only.guard.js';
import { createIdTokenController } from '../http/id-token-controller.js';
import { openApiReadyProvider } from '../http/openapi.js';
import { createProviderController } from '../http/provider-controller.js';
import { createSessionController } from '../http/session-controller.js';
import { OAuthSessions } from '../http/oauth-sessions.js';
import { SessionService } from '../identity/session-service.js';
import { OAuthRepository } from '../persistence/oauth-repository.js';
import { ProviderRegistry } from '../providers/provider-registry.js';
import { asyncValuesProviders } from './async-options-providers.js';
import { definitionsFromFactories } from './async-provider-definitions.js';
import type {
  OAuthModuleAsyncOptions,
  OAuthModuleAsyncValues,
  OAuthModuleOptions,
  OAuthModuleValues,
  OAuthProviderFactories,
  StrictFactoryResult,
} from './oauth-module-options.js';
import { coreProviders, perProviderProviders, repositoryProviders } from './oauth-module.providers.js';
import { normalizeRoutePrefix, type DefinitionSource } from './resolve-module-options.js';
import { OAUTH_CLOCK, OAUTH_MODULE_VALUES, OAUTH_REDIRECT_SETTINGS, getOAuthClientToken } from '../options/tokens.js';

type StaticPart = Pick<OAuthModuleOptions, 'repository' | 'imports' | 'routePrefix' | 'isGlobal'>;

const FLOW_SERVICES = [
  StartFlow, CallbackFlow, SignInCompletion, LinkCompletion, ProfileRefresh, HookRunner,
  AccountOperations, RefreshCoordinator, SessionService, OAuthSessions, SessionGuard,
  IdTokenFlow, IdTokenNonces, JsonOnlyGuard, SameOriginGuard,
  OAuthEvents, AccountCookieService, LinkedAccountGuard, LinkedAccountIdsCheck,
];

/**
 * What `@RequireLinkedAccount` needs in the app's modules: Nest builds a route's guard in the
 * module of the controller, so the guard's dependencies must be visible there.
 */
const LINKED_ACCOUNT_EXPORTS = [LinkedAccountGuard, ProviderRegistry, AccountOperations, AccountCookieService, StartFlow];

/**
 * The OAuth/OIDC sign-in module. Provider ids are fixed at `forRoot`/`forRootAsync` time (each
 * mints a DI token); every value, provider credentials included, may come from an async factory.
 * Global unless `isGlobal: false`, so guards and `@InjectOAuth` work in every module of the app.
 */
@Module({})
export class OAuthModule {
  static forRoot(options: OAuthModuleOptions): DynamicModule {
    const { providers: definitions, repository, imports, routePrefix, isGlobal, ...values } = options;
    return OAuthModule.build(
      { repository, imports, routePrefix, isGlobal },
      definitions.map((definition) => definition.id),
      [{ provide: OAUTH_MODULE_VALUES, useValue: values }],
      () => () => definitions,
    );
  }

  /**
   * Like `TypeOrmModule.forRootAsync`: `providers` maps each id to its factory (static: the ids mint
   * DI tokens); `useFactory` / `useClass` / `useExisting` give every value, including each provider's
   * options under its id. Ids that differ between the two fail at bootstrap.
   */
  static forRootAsync<const Factories extends OAuthProviderFactories, Result extends OAuthModuleAsyncValues<Factories>>(
    options: OAuthModuleAsyncOptions<Factories, Result> & StrictFactoryResult<Factories, Result>,
  ): DynamicModule {
    const factories: OAuthProviderFactories = options.providers;
    return OAuthModule.build(
      options,
      Object.keys(factories).filter((id) => factories[id] !== undefined),
      asyncValuesProviders(options),
      (values) => (problems) => definitionsFromFactories(factories, (values as Partial<OAuthModuleAsyncValues>).providers, problems),
    );
  }

  private static build(
    part: StaticPart,
    ids: readonly string[],
    valuesProviders: Provider[],
    definitions: (values: OAuthModuleValues) => DefinitionSource,
  ): DynamicModule {
    const prefix = normalizeRoutePrefix(part.routePrefix ?? 'auth');
    return {
      module: OAuthModule,
      global: part.isGlobal ?? true,
      imports: [...(part.imports ?? [])],
      controllers: [
        createProviderController(prefix),
        createSessionController(prefix),
        createIdTokenController(prefix),
        createAccountController(prefix),
      ],
      providers: [
        ...valuesProviders,
        ...repositoryProviders(part.repository),
        ...coreProviders(definitions, prefix),
        ...perProviderProviders(ids),
        ...FLOW_SERVICES,
        // Resolves once the optional Swagger metadata is applied (see http/openapi.ts).
        openApiReadyProvider,
      ],
      exports: [
        OAuthClients, OAuthSessions, SessionService, SessionGuard, SameOriginGuard, OAuthRepository, OAuthEvents, OAUTH_CLOCK,
        // SameOriginGuard's own dependency: an app's @UseGuards(SameOriginGuard) is built in the app's module.
        OAUTH_REDIRECT_SETTINGS,
        ...ids.map(getOAuthClientToken), ...LINKED_ACCOUNT_EXPORTS,
      ],
    };
  }
}
