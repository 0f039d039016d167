import { isAllowedProviderUrl } from '../transport/http.js';
import { optionalString, Problems } from './option-checks.js';
import type { OAuthProviderDefinition, ProviderStrategyFactory } from './provider-definition.js';
import type { GenericProviderOptions, SharedProviderOptions } from './provider-options.js';

/**
 * Helpers every preset uses (a preset lives in its own folder and imports only these and the core).
 * A preset factory runs when the module is declared and must not throw: it records what is wrong in
 * its `problems`, and bootstrap reports those with every other configuration problem in one
 * ConfigurationError.
 */

/** Every option of spec §3.2 (the `Record` makes the compiler flag a key added to the interface). */
const SHARED_KEYS: Record<keyof SharedProviderOptions, true> = {
  clientId: true,
  clientSecret: true,
  clientType: true,
  scopes: true,
  responseMode: true,
  stateStrategy: true,
  usePkce: true,
  codeChallengeMethod: true,
  useNonce: true,
  authorizationParams: true,
  tokenParams: true,
  discoveryHeaders: true,
  disableSignUp: true,
  disableImplicitSignUp: true,
  disableIdTokenSignIn: true,
  overrideUserInfoOnSignIn: true,
  updateAccountOnSignIn: true,
  allowImplicitAccountLinking: true,
  allowDifferentLinkEmails: true,
  trustedForAccountLinking: true,
  storeAccountCookie: true,
  defaultErrorRedirectUrl: true,
  encryptTokens: true,
  tokenEncryptionSecret: true,
  timeoutMs: true,
  maxResponseBytes: true,
  trustedAudiences: true,
  idTokenMaxAgeSec: true,
  requireServerNonce: true,
};

export const SHARED_OPTION_KEYS = Object.keys(SHARED_KEYS) as (keyof SharedProviderOptions)[];

/** A problem collector labelled with the preset's factory name. */
export function presetProblems(factory: string): Problems {
  return new Problems(factory);
}

/**
 * The shared options the caller actually set. Unset ones are left out so the generic defaults apply;
 * anything that is neither shared nor one of the preset's own keys is reported (presets fix their
 * endpoints, issuer, hooks and auth method: accepting an `issuer` silently would be worse than failing).
 */
export function sharedOptions(
  problems: Problems,
  options: SharedProviderOptions,
  presetKeys: readonly string[],
): SharedProviderOptions {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if ((SHARED_OPTION_KEYS as readonly string[]).includes(key)) {
      if (value !== undefined) copy[key] = value;
    } else if (!presetKeys.includes(key)) {
      problems.add(`unknown option "${key}"`);
    }
  }
  // The generic validation checks each copied value's type; clientId is always passed through.
  return { ...(copy as Partial<SharedProviderOptions>), clientId: options.clientId };
}

/** Freezes a preset's definition: its fixed id, the generic options it maps to, and its strategy. */
export function presetDefinition<const Id extends string>(
  id: Id,
  options: Omit<GenericProviderOptions<Id>, 'id'>,
  problems: Problems,
  createStrategy: ProviderStrategyFactory,
  extra: Pick<OAuthProviderDefinition<Id>, 'mintsClientSecret'> = {},
): OAuthProviderDefinition<Id> {
  return Object.freeze({
    id,
    options: Object.freeze({ ...options, id }),
    createStrategy,
    problems: Object.freeze([...problems.list]),
    ...extra,
  });
}

/**
 * A provider base URL option (authority, server root): scheme + host + path prefix, without trailing
 * `/`, query or fragment. https only, http for loopback hosts (nothing else is safe on the wire).
 */
export function providerUrlOption(problems: Problems, name: string, value: unknown): string | null {
  const raw = optionalString(problems, name, value);
  if (raw === null) return null;
  if (!isAllowedProviderUrl(raw)) {
    problems.add(`${name} must be an https URL (http only for loopback hosts)`);
    return null;
  }
  const url = new URL(raw);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/**
 * A tenant domain (`acme.us.auth0.com`, `login.acme.com`) as an https origin. A full URL is accepted
 * too (http only for loopback hosts) but must not carry a path: the preset builds the paths itself.
 */
export function providerDomainOption(problems: Problems, name: string, value: unknown): string | null {
  if (value === undefined || value === null) {
    problems.add(`${name} is required`);
    return null;
  }
  const raw = optionalString(problems, name, value);
  if (raw === null) return null;
  if (!raw.includes('://')) {
    if (HOST_NAME.test(raw)) return `https://${raw.toLowerCase()}`;
    problems.add(`${name} must be a domain name (e.g. example.okta.com) or an https URL`);
    return null;
  }
  const url = providerUrlOption(problems, name, raw);
  if (url !== null && url !== new URL(url).origin) {
    problems.add(`${name} must not have a path`);
    return null;
  }
  return url;
}
