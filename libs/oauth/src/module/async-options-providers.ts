import type { Provider } from '@nestjs/common';
import type { OAuthModuleAsyncOptions, OAuthModuleAsyncValues, OAuthOptionsFactory, OAuthProviderFactories } from './oauth-module-options.js';
import { OAUTH_MODULE_VALUES } from '../options/tokens.js';

/** `OAUTH_MODULE_VALUES` from `useFactory`, `useClass` or `useExisting` (the @nestjs/typeorm shape). */
export function asyncValuesProviders<Factories extends OAuthProviderFactories, Result extends OAuthModuleAsyncValues<Factories>>(
  options: OAuthModuleAsyncOptions<Factories, Result>,
): Provider[] {
  if ('useFactory' in options) {
    return [{ provide: OAUTH_MODULE_VALUES, useFactory: options.useFactory, inject: options.inject ?? [] }];
  }
  const source = 'useClass' in options ? options.useClass : options.useExisting;
  const fromFactory: Provider = {
    provide: OAUTH_MODULE_VALUES,
    useFactory: (factory: OAuthOptionsFactory<Factories>) => factory.createOAuthOptions(),
    inject: [source],
  };
  // useClass: the module builds its own instance; useExisting: the target comes from `imports`.
  return 'useClass' in options ? [{ provide: source, useClass: source }, fromFactory] : [fromFactory];
}
