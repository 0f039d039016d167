import type { CanActivate, Type } from '@nestjs/common';

/** What a route requires of the signed-in individual's accounts with one provider. */
export interface LinkedAccountRequirement {
  readonly providerId: string;
  /** Every one of these must be in the stored `scope` of the account (space-separated). */
  readonly scopes: readonly string[];
  /** GET routes: 302 to the link flow (asking for the scopes) instead of answering 403. */
  readonly redirectToLink: boolean;
}

export interface RequireLinkedAccountOptions {
  scopes?: readonly string[];
  redirectToLink?: boolean;
  /**
   * Your subclasses of `SessionGuard` / `LinkedAccountGuard` (their override points) in place of the
   * defaults, e.g. `{ guards: { linkedAccount: ConnectFirstGuard } }`.
   */
  guards?: { session?: Type<CanActivate>; linkedAccount?: Type<CanActivate> };
}

export const LINKED_ACCOUNT_REQUIREMENTS = 'belgie:oauth:linked-account-requirements';

/** The stored scope string covers every required scope (OAuth scopes are space-separated, case-sensitive). */
export function hasScopes(stored: string | null, required: readonly string[]): boolean {
  if (required.length === 0) return true;
  const granted = new Set((stored ?? '').split(/\s+/).filter((scope) => scope !== ''));
  return required.every((scope) => granted.has(scope));
}
