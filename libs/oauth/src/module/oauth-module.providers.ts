import type { InjectionToken, Provider } from '@nestjs/common';
import type { Clock } from '../common/clock.js';
import { Keyring } from '../crypto/keyring.js';
import { AccountOperations } from '../flow/accounts/account-operations.js';
import { OAuthClient } from '../client/oauth-client.js';
import { OAuthClients } from '../client/oauth-clients.js';
import { StartFlow } from '../flow/sign-in/start-flow.js';
import { OAuthRepository } from '../persistence/oauth-repository.js';
import { withStorageFailuresCoded } from '../persistence/storage-failures.js';
import { createProviderRuntime } from '../providers/create-provider-runtime.js';
import { ProviderRegistry } from '../providers/provider-registry.js';
import type { ProviderRuntime } from '../providers/provider-runtime.js';
import type { StateStrategy } from '../providers/provider-options.js';
import { AdapterStateStore } from '../state/adapter-state-store.js';
import { CookieStateStore } from '../state/cookie-state-store.js';
import type { OAuthStateStore } from '../state/oauth-state-store.js';
import type { OAuthModuleValues, RepositoryOption } from './oauth-module-options.js';
import { optionSliceProviders } from './option-slices.js';
import { resolveModuleOptions, type DefinitionSource } from './resolve-module-options.js';
import type { ResolvedModuleOptions } from '../options/resolved-module-options.js';
import {
  OAUTH_CLOCK,
  OAUTH_KEYRING,
  OAUTH_MODULE_VALUES,
  OAUTH_OPTIONS,
  OAUTH_REPOSITORY_IMPLEMENTATION,
  getOAuthClientToken,
  getProviderRuntimeToken,
  getStateStoreToken,
} from '../options/tokens.js';

function isExistingReference(repository: RepositoryOption): repository is { useExisting: InjectionToken } {
  return typeof repository === 'object' && Object.hasOwn(repository, 'useExisting');
}

/**
 * The app's repository (class, instance or existing provider) behind an inner token, and the
 * `OAuthRepository` everyone injects: the same object, with storage failures coded (see storage-failures.ts).
 */
export function repositoryProviders(repository: RepositoryOption): Provider[] {
  const implementation: Provider =
    typeof repository === 'function'
      ? { provide: OAUTH_REPOSITORY_IMPLEMENTATION, useClass: repository }
      : isExistingReference(repository)
        ? { provide: OAUTH_REPOSITORY_IMPLEMENTATION, useExisting: repository.useExisting }
        : { provide: OAUTH_REPOSITORY_IMPLEMENTATION, useValue: repository };
  return [
    implementation,
    { provide: OAuthRepository, useFactory: withStorageFailuresCoded, inject: [OAUTH_REPOSITORY_IMPLEMENTATION] },
  ];
}

/**
 * Options (values + definitions, validated together) and the slices classes inject, keyring and the two
 * state stores (each behind its own DI token).
 */
export function coreProviders(definitions: (values: OAuthModuleValues) => DefinitionSource, routePrefix: string): Provider[] {
  return [
    {
      provide: OAUTH_OPTIONS,
      useFactory: (values: OAuthModuleValues) => resolveModuleOptions(values, definitions(values), routePrefix),
      inject: [OAUTH_MODULE_VALUES],
    },
    ...optionSliceProviders(),
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

/**
 * One runtime and one injectable client per provider id. The ids are static (they mint the tokens);
 * the state strategy is a value (it may come from a `forRootAsync` factory), so both stores are
 * injected and the provider's resolved strategy picks one.
 */
export function perProviderProviders(ids: readonly string[]): Provider[] {
  const perProvider = ids.flatMap((id): Provider[] => [
    {
      provide: getProviderRuntimeToken(id),
      useFactory: (o: ResolvedModuleOptions, clock: Clock, adapter: OAuthStateStore, cookie: OAuthStateStore) => {
        const stores: Record<StateStrategy, OAuthStateStore> = { adapter, cookie };
        const definition = o.definitions.get(id);
        if (definition === undefined) throw new Error(`unknown provider ${id}`);
        // The injected clock, not o.clock: an overridden OAUTH_CLOCK reaches the strategies too.
        return createProviderRuntime({ ...o, clock }, definition, stores[o.providers.get(id)?.stateStrategy ?? 'adapter']);
      },
      inject: [OAUTH_OPTIONS, OAUTH_CLOCK, getStateStoreToken('adapter'), getStateStoreToken('cookie')],
    },
    {
      provide: getOAuthClientToken(id),
      useFactory: (runtime: ProviderRuntime, starts: StartFlow, accounts: AccountOperations) =>
        new OAuthClient(runtime, starts, accounts),
      inject: [getProviderRuntimeToken(id), StartFlow, AccountOperations],
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
