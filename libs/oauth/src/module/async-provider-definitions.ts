import { OAuthProvider, type OAuthProviderDefinition } from '../providers/provider-definition.js';
import type { Problems } from '../providers/option-checks.js';
import type { GenericProviderOptions } from '../providers/provider-options.js';
import type { OAuthProviderFactories, OAuthProviderFactory } from './oauth-module-options.js';

function factoryName(factory: OAuthProviderFactory): string {
  return typeof factory.name === 'string' && factory.name !== '' ? factory.name : 'the factory';
}

/**
 * `forRootAsync`: turns the static `{ id: factory }` map and the factory's `providers: { id: options }`
 * into definitions. The ids minted DI tokens when the module was declared, so the factory's result must
 * name exactly the same ids (every difference is reported with the other configuration problems).
 * The generic `OAuthProvider` takes its id from the key; presets and custom factories fix their own,
 * which must then equal the key.
 */
export function definitionsFromFactories(
  factories: OAuthProviderFactories,
  provided: unknown,
  problems: Problems,
): OAuthProviderDefinition[] {
  const p = problems.child('providers');
  if (typeof provided !== 'object' || provided === null || Array.isArray(provided)) {
    p.add('the forRootAsync factory must return providers: { <id>: options } for every declared provider');
    return [];
  }
  const options = provided as Record<string, unknown>;
  for (const id of Object.keys(options)) {
    if (factories[id] === undefined) p.add(`"${id}" is returned by the forRootAsync factory but not declared in forRootAsync({ providers })`);
  }
  const definitions: OAuthProviderDefinition[] = [];
  for (const [id, factory] of Object.entries(factories)) {
    if (factory === undefined) continue;
    const given = options[id];
    if (typeof given !== 'object' || given === null) {
      p.add(`"${id}" is declared in forRootAsync({ providers }) but the factory returned no options for it`);
      continue;
    }
    const create = factory as (options: object) => OAuthProviderDefinition;
    const definition = factory === OAuthProvider ? OAuthProvider({ ...(given as GenericProviderOptions), id }) : create(given);
    const givenId = (given as { id?: unknown }).id;
    if (factory === OAuthProvider && givenId !== undefined && givenId !== id) {
      p.add(`"${id}": the options name another id ("${String(givenId)}"); the key is the id`);
      continue;
    }
    if (definition.id !== id) {
      p.add(`"${id}": ${factoryName(factory)} makes provider id "${definition.id}"; declare it under the key "${definition.id}"`);
      continue;
    }
    definitions.push(definition);
  }
  return definitions;
}
