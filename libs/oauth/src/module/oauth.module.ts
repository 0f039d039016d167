import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { InjectOAuthCheck } from '../decorators/inject-oauth-check.js';
import { AccountCookieService } from '../flow/account-cookie.js';
import { AccountOperations } from '../flow/account-operations.js';
import { CallbackFlow } from '../flow/callback-flow.js';
import { HookRunner } from '../flow/hook-runner.js';
import { IdTokenFlow } from '../flow/id-token-flow.js';
import { IdTokenNonces } from '../flow/id-token-nonce.js';
import { LinkCompletion } from '../flow/link-completion.js';
import { OAuthClients } from '../flow/oauth-clients.js';
import { OAuthEvents } from '../flow/oauth-events.js';
import { ProfileRefresh } from '../flow/profile-refresh.js';
import { RefreshCoordinator } from '../flow/refresh-coordinator.js';
import { SignInCompletion } from '../flow/signin-completion.js';
import { StartFlow } from '../flow/start-flow.js';
import { LinkedAccountGuard } from '../guards/linked-account.guard.js';
import { SameOriginGuard } from '../guards/same-origin.guard.js';
import { SessionGuard } from '../guards/session-guard.js';
import { createAccountController } from '../http/account-controller.js';
import { JsonOnlyGuard } from '../http/dto/json-only.guard.js';
import { createIdTokenController } from '../http/id-token-controller.js';
import { OAuthExceptionFilter } from '../http/oauth-exception.filter.js';
import { openApiReadyProvider } from '../http/openapi.js';
import { createProviderController } from '../http/provider-controller.js';
import { createSessionController } from '../http/session-controller.js';
import { OAuthSessions } from '../identity/oauth-sessions.js';
import { SessionService } from '../identity/session-service.js';
import { OAuthRepository } from '../persistence/oauth-repository.js';
import { ProviderRegistry } from '../providers/provider-registry.js';
import type { OAuthModuleAsyncOptions, OAuthModuleOptions } from './oauth-module-options.js';
import { coreProviders, perProviderProviders, repositoryProvider } from './oauth-module.providers.js';
import { OAUTH_MODULE_VALUES, OAUTH_OPTIONS, getOAuthClientToken } from './tokens.js';

const FLOW_SERVICES = [
  StartFlow, CallbackFlow, SignInCompletion, LinkCompletion, ProfileRefresh, HookRunner,
  AccountOperations, RefreshCoordinator, SessionService, OAuthSessions, SessionGuard,
  IdTokenFlow, IdTokenNonces, JsonOnlyGuard, SameOriginGuard,
  OAuthEvents, AccountCookieService, LinkedAccountGuard, InjectOAuthCheck,
];

/**
 * What `@RequireLinkedAccount` needs in the app's modules: Nest builds a route's guard in the
 * module of the controller, so the guard's dependencies must be visible there.
 */
const LINKED_ACCOUNT_EXPORTS = [LinkedAccountGuard, ProviderRegistry, AccountOperations, AccountCookieService, StartFlow];

type StaticPart = Pick<OAuthModuleOptions, 'providers' | 'repository' | 'imports' | 'routePrefix'>;

/**
 * The OAuth/OIDC sign-in module. Provider ids are fixed at `forRoot`/`forRootAsync` time (each
 * mints a DI token); secrets and URLs may come from an async factory. Global, so guards and
 * `@InjectOAuth` work in every module of the app.
 */
@Module({})
export class OAuthModule {
  static forRoot(options: OAuthModuleOptions): DynamicModule {
    const { providers: _definitions, repository: _repository, imports: _imports, routePrefix: _prefix, ...values } = options;
    return OAuthModule.build(options, { provide: OAUTH_MODULE_VALUES, useValue: values });
  }

  static forRootAsync(options: OAuthModuleAsyncOptions): DynamicModule {
    return OAuthModule.build(options, {
      provide: OAUTH_MODULE_VALUES,
      useFactory: options.useFactory,
      inject: options.inject ?? [],
    });
  }

  private static build(part: StaticPart, valuesProvider: Provider): DynamicModule {
    const prefix = (part.routePrefix ?? 'auth').replace(/^\/+|\/+$/g, '');
    const clientTokens = part.providers.map((definition) => getOAuthClientToken(definition.id));
    return {
      module: OAuthModule,
      global: true,
      imports: [...(part.imports ?? [])],
      controllers: [
        createProviderController(prefix),
        createSessionController(prefix),
        createIdTokenController(prefix),
        createAccountController(prefix),
      ],
      providers: [
        valuesProvider,
        repositoryProvider(part.repository),
        ...coreProviders(part.providers, prefix),
        ...perProviderProviders(part.providers),
        ...FLOW_SERVICES,
        { provide: APP_FILTER, useClass: OAuthExceptionFilter },
        // Resolves once the optional Swagger metadata is applied (see http/openapi.ts).
        openApiReadyProvider,
      ],
      exports: [OAuthClients, OAuthSessions, SessionService, SessionGuard, SameOriginGuard, OAuthRepository, OAUTH_OPTIONS, ...clientTokens, OAuthEvents, ...LINKED_ACCOUNT_EXPORTS],
    };
  }
}
