import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ConfigurationError } from '../errors/oauth-error.js';
import type { ResolvedModuleOptions } from '../module/resolved-module-options.js';
import { OAUTH_OPTIONS } from '../module/tokens.js';
import { LINKED_ACCOUNT_REQUIREMENTS, type LinkedAccountRequirement } from '../guards/linked-account-requirement.js';
import { requestedOAuthIds } from './inject-oauth.js';

/** The ids asked for by a class and its ancestors (Nest injects inherited constructor parameters). */
function idsOf(type: object): string[] {
  const ids: string[] = [];
  for (let current: object | null = type; current !== null && current !== Function.prototype; current = Object.getPrototypeOf(current) as object | null) {
    ids.push(...requestedOAuthIds(current));
  }
  return ids;
}

/** Provider ids named by `@RequireLinkedAccount` on a controller class or its handlers. */
function linkedAccountIdsOf(type: { prototype?: object }): string[] {
  const handlers = type.prototype
    ? Object.getOwnPropertyNames(type.prototype)
        .filter((name) => name !== 'constructor')
        .map((name) => Object.getOwnPropertyDescriptor(type.prototype, name)?.value as unknown)
        .filter((value): value is object => typeof value === 'function')
    : [];
  return [type, ...handlers].flatMap((holder) => {
    const requirements: unknown = Reflect.getMetadata(LINKED_ACCOUNT_REQUIREMENTS, holder);
    return Array.isArray(requirements) ? (requirements as LinkedAccountRequirement[]).map((r) => r.providerId) : [];
  });
}

function describe(type: object): string {
  const name = (type as { name?: unknown }).name;
  return typeof name === 'string' && name !== '' ? name : 'an anonymous class';
}

/**
 * `@InjectOAuth('x')` with no provider `x` configured: without this check Nest stops with a generic
 * "can't resolve dependencies" error naming a DI token. This names the class, the id and the ids
 * that are configured (a typo or a provider left out of `forRoot` is then obvious), and reports
 * every such injection at once. `@RequireLinkedAccount` ids on controllers are checked the same way,
 * so a typo fails at bootstrap instead of on the first request. Runs at `app.init()` / `listen()`.
 */
@Injectable()
export class InjectOAuthCheck implements OnModuleInit {
  constructor(
    @Inject(OAUTH_OPTIONS) private readonly options: ResolvedModuleOptions,
    private readonly modules: ModulesContainer,
  ) {}

  onModuleInit(): void {
    const configured = [...this.options.providers.keys()];
    const problems = new Set<string>();
    for (const moduleRef of this.modules.values()) {
      const wrappers = [...moduleRef.providers.values(), ...moduleRef.controllers.values()];
      for (const wrapper of wrappers) {
        const type: unknown = wrapper.metatype;
        if (typeof type !== 'function') continue;
        for (const id of idsOf(type)) {
          if (!this.options.providers.has(id)) {
            problems.add(`${describe(type)} injects @InjectOAuth('${id}'), but no provider '${id}' is configured`);
          }
        }
      }
      for (const wrapper of moduleRef.controllers.values()) {
        const type: unknown = wrapper.metatype;
        if (typeof type !== 'function') continue;
        for (const id of linkedAccountIdsOf(type)) {
          if (!this.options.providers.has(id)) {
            problems.add(`${describe(type)} uses @RequireLinkedAccount('${id}'), but no provider '${id}' is configured`);
          }
        }
      }
    }
    if (problems.size > 0) {
      const list = configured.length > 0 ? configured.map((id) => `'${id}'`).join(', ') : 'none';
      throw new ConfigurationError(`Unknown OAuth provider id (configured providers: ${list})`, [...problems]);
    }
  }
}
