import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ConfigurationError } from '../errors/oauth-error.js';
import { ProviderRegistry } from '../providers/provider-registry.js';
import { LINKED_ACCOUNT_REQUIREMENTS, type LinkedAccountRequirement } from '../guards/linked-account-requirement.js';

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
 * `@RequireLinkedAccount('x')` with no provider `x` configured would otherwise fail on the first
 * request. This names the controller, the id and the configured ids, every such route at once, at
 * `app.init()` / `listen()`. (`@InjectOAuth` needs no check: its injection is required, so Nest's
 * DI error already stops bootstrap.)
 */
@Injectable()
export class LinkedAccountIdsCheck implements OnModuleInit {
  constructor(
    private readonly registry: ProviderRegistry,
    private readonly modules: ModulesContainer,
  ) {}

  onModuleInit(): void {
    const problems = new Set<string>();
    for (const moduleRef of this.modules.values()) {
      for (const wrapper of moduleRef.controllers.values()) {
        const type: unknown = wrapper.metatype;
        if (typeof type !== 'function') continue;
        for (const id of linkedAccountIdsOf(type)) {
          if (this.registry.find(id) === undefined) {
            problems.add(`${describe(type)} uses @RequireLinkedAccount('${id}'), but no provider '${id}' is configured`);
          }
        }
      }
    }
    if (problems.size > 0) {
      const configured = this.registry.ids();
      const list = configured.length > 0 ? configured.map((id) => `'${id}'`).join(', ') : 'none';
      throw new ConfigurationError(`Unknown OAuth provider id (configured providers: ${list})`, [...problems]);
    }
  }
}
