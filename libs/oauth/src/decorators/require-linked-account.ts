import { UseFilters, UseGuards, applyDecorators } from '@nestjs/common';
import { LinkRedirectFilter } from '../guards/link-redirect.filter.js';
import {
  LINKED_ACCOUNT_REQUIREMENTS,
  type LinkedAccountRequirement,
  type RequireLinkedAccountOptions,
} from '../guards/linked-account-requirement.js';
import { LinkedAccountGuard } from '../guards/linked-account.guard.js';
import { SessionGuard } from '../guards/session-guard.js';
import type { RegisteredProviderId } from './provider-ids.js';

/** Appends (rather than replaces) so a route can require accounts with several providers. */
function addRequirement(requirement: LinkedAccountRequirement): ClassDecorator & MethodDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    const holder: object = descriptor?.value !== undefined ? (descriptor.value as object) : target;
    const existing: unknown = Reflect.getMetadata(LINKED_ACCOUNT_REQUIREMENTS, holder);
    const list = Array.isArray(existing) ? (existing as LinkedAccountRequirement[]) : [];
    Reflect.defineMetadata(LINKED_ACCOUNT_REQUIREMENTS, [...list, requirement], holder);
  };
}

/**
 * The route (or every route of a controller) requires a session and an account with `providerId`
 * holding `scopes`: 401 `not_authenticated`, 403 `account_not_linked` / `insufficient_scope`, or
 * with `redirectToLink` a GET is sent to the link flow asking for the scopes.
 *
 * ```ts
 * @Get('calendar')
 * @RequireLinkedAccount('google', { scopes: ['https://www.googleapis.com/auth/calendar.readonly'] })
 * list(@ProviderAccessToken('google') token: string) { ... }
 * ```
 */
export function RequireLinkedAccount<const Id extends RegisteredProviderId>(
  providerId: Id,
  options: RequireLinkedAccountOptions = {},
): ClassDecorator & MethodDecorator {
  const requirement: LinkedAccountRequirement = Object.freeze({
    providerId,
    scopes: Object.freeze([...(options.scopes ?? [])]),
    redirectToLink: options.redirectToLink === true,
  });
  return applyDecorators(
    addRequirement(requirement),
    UseGuards(options.guards?.session ?? SessionGuard, options.guards?.linkedAccount ?? LinkedAccountGuard),
    UseFilters(new LinkRedirectFilter()),
  );
}
