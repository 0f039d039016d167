import { Problems } from '../option-checks.js';
import type { SharedProviderOptions } from '../provider-options.js';

/**
 * Helpers shared by the Google and Microsoft presets. A preset factory runs when the module is
 * declared and must not throw: it records what is wrong in `preset.problems`, and bootstrap reports
 * those with every other configuration problem in one ConfigurationError.
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
};

export const SHARED_OPTION_KEYS = Object.keys(SHARED_KEYS) as (keyof SharedProviderOptions)[];

/** The key under which a preset definition carries the problems its factory found. */
export const PRESET_PROBLEMS_KEY = 'problems';

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
