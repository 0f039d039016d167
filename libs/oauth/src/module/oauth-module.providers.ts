import type { Provider } from '@nestjs/common';
import { Keyring } from '../crypto/keyring.js';
import { AccountOperations } from '../flow/account-operations.js';
import { OAuthClient } from '../flow/oauth-client.js';
import { OAuthClients } from '../flow/oauth-clients.js';
import { StartFlow } from '../flow/start-flow.js';
import { OAuthRepository } from '../persistence/oauth-repository.js';
import { createProviderRuntime } from '../providers/create-provider-runtime.js';
import type { OAuthProviderDefinition } from '../providers/provider-definition.js';
import { ProviderRegistry } from '../providers/provider-registry.js';
import type { ProviderRuntime } from '../providers/provider-runtime.js';
import { AdapterStateStore } from '../state/adapter-state-store.js';
import { CookieStateStore } from '../state/cookie-state-store.js';
import type { OAuthStateStore } from '../state/oauth-state-store.js';
import type { OAuthModuleValues, RepositoryOption } from './oauth-module-options.js';
import { resolveModuleOptions } from './resolve-module-options.js';
import type { ResolvedModuleOptions } from './resolved-module-options.js';
import {
  OAUTH_KEYRING,
  OAUTH_MODULE_VALUES,
  OAUTH_OPTIONS,
  getOAuthClientToken,
  getProviderRuntimeToken,
  getStateStoreToken,
} from './tokens.js';

export function repositoryProvider(repository: RepositoryOption): Provider {
  return typeof repository === 'function'
    ? { provide: OAuthRepository, useClass: repository }
    : { provide: OAuthRepository, useValue: repository };
}

/** Options, keyring and the two state stores (each behind its own DI token). */
export function coreProviders(definitions: readonly OAuthProviderDefinition[], routePrefix: string): Provider[] {
  return [
    {
      provide: OAUTH_OPTIONS,
      useFactory: (values: OAuthModuleValues) => resolveModuleOptions(values, definitions, routePrefix),
      inject: [OAUTH_MODULE_VALUES],
    },
    { provide: OAUTH_KEYRING, useFactory: (o: ResolvedModuleOptions) => Keyring.fromSecrets(o.secrets), inject: [OAUTH_OPTIONS] },
    {
      provide: getStateStoreToken('adapter'),
      useFactory: (repository: OAuthRepository, keyring: Keyring, o: ResolvedModuleOptions) =>
        new AdapterStateStore(repository, keyring.box('state'), o.cookies),
      inject: [OAuthRepository, OAUTH_KEYRING, OAUTH_OPTIONS],
    },
    {
      provide: getStateStoreToken('cookie'),
      useFactory: (keyring: Keyring, o: ResolvedModuleOptions) => new CookieStateStore(keyring.box('state'), o.cookies),
      inject: [OAUTH_KEYRING, OAUTH_OPTIONS],
    },
  ];
}

/** One runtime and one injectable client per provider id; the strategy's store is chosen by token. */
export function perProviderProviders(definitions: readonly OAuthProviderDefinition[]): Provider[] {
  const ids = definitions.map((definition) => definition.id);
  const perProvider = definitions.flatMap((definition): Provider[] => [
    {
      provide: getProviderRuntimeToken(definition.id),
      useFactory: (o: ResolvedModuleOptions, store: OAuthStateStore) => createProviderRuntime(o, definition, store),
      // An invalid strategy is reported by option resolution (a dependency of this factory).
      inject: [OAUTH_OPTIONS, getStateStoreToken(definition.options.stateStrategy === 'cookie' ? 'cookie' : 'adapter')],
    },
    {
      provide: getOAuthClientToken(definition.id),
      useFactory: (runtime: ProviderRuntime, starts: StartFlow, accounts: AccountOperations) =>
        new OAuthClient(runtime, starts, accounts),
      inject: [getProviderRuntimeToken(definition.id), StartFlow, AccountOperations],
    },
  ]);
  return [
    ...perProvider,
    {
      provide: ProviderRegistry,
      useFactory: (...runtimes: ProviderRuntime[]) => new ProviderRegistry(runtimes),
      inject: ids.map(getProviderRuntimeToken),
    },
    {
      provide: OAuthClients,
      useFactory: (...clients: OAuthClient[]) => new OAuthClients(clients),
      inject: ids.map(getOAuthClientToken),
    },
  ];
}
