import { Inject, Injectable } from '@nestjs/common';
import type { Keyring } from '../../crypto/keyring.js';
import type { SecretBox } from '../../crypto/secret-box.js';
import { cookie, cookieNameWithPrefix, expiredCookie, type ResponseCookie } from '../../common/cookie-header.js';
import type { SessionSettings } from '../../options/settings.js';
import { OAUTH_KEYRING, OAUTH_SESSION_SETTINGS } from '../../options/tokens.js';
import type { AccountRecord } from '../../persistence/records.js';
import type { ProviderRuntime } from '../../providers/provider-runtime.js';
import { readCookie } from '../../state/state-helpers.js';

/** The sealed content: identifiers only (port-decisions). */
export interface AccountCookiePayload {
  readonly v: 1;
  readonly provider: string;
  readonly accountId: string;
  readonly individualId: string;
  readonly providerAccountId: string;
}

/**
 * Cookies that flow through an account operation: the request's (read to resolve an account) and
 * those the operation wants set on the response (written after a refresh, cleared after an unlink).
 * Routes create one per request and apply `responseCookies` afterwards.
 */
export interface AccountCookieContext {
  readonly requestCookies: Readonly<Record<string, string>>;
  readonly responseCookies: ResponseCookie[];
}

export function accountCookieContext(requestCookies: Readonly<Record<string, string>>): AccountCookieContext {
  return { requestCookies, responseCookies: [] };
}

export function accountCookieName(providerId: string): string {
  return `belgie_oauth_${providerId}_account`;
}

function isPayload(value: unknown): value is AccountCookiePayload {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    record['v'] === 1 &&
    ['provider', 'accountId', 'individualId', 'providerAccountId'].every((key) => typeof record[key] === 'string' && record[key] !== '')
  );
}

/**
 * The optional account cookie (spec §11, `storeAccountCookie`): remembers which of the individual's
 * accounts with a provider the browser last used, so routes called without `providerAccountId` pick
 * it. Sealed with its own subkey ('account-cookie'), and it holds ids only, never tokens: the
 * database stays the only place tokens live, and the cookie stays far below the 4 KB limit.
 */
@Injectable()
export class AccountCookieService {
  private readonly box: SecretBox;

  constructor(
    @Inject(OAUTH_SESSION_SETTINGS) private readonly options: SessionSettings,
    @Inject(OAUTH_KEYRING) keyring: Keyring,
  ) {
    this.box = keyring.box('account-cookie');
  }

  /** The cookie naming `account`, or nothing when the provider does not store account cookies. */
  write(runtime: ProviderRuntime, account: AccountRecord): ResponseCookie[] {
    if (!runtime.config.storeAccountCookie) return [];
    const payload: AccountCookiePayload = {
      v: 1,
      provider: account.provider,
      accountId: account.id,
      individualId: account.individualId,
      providerAccountId: account.providerAccountId,
    };
    const value = this.box.seal(payload);
    return [cookie(cookieNameWithPrefix(this.options.cookies, accountCookieName(runtime.config.id)), value, this.options.sessionMaxAgeSeconds, this.options.cookies)];
  }

  /** Deletes the cookie (after an unlink, whichever account it pointed at: spec §9.5). */
  clear(runtime: ProviderRuntime): ResponseCookie[] {
    if (!runtime.config.storeAccountCookie) return [];
    return [expiredCookie(cookieNameWithPrefix(this.options.cookies, accountCookieName(runtime.config.id)), this.options.cookies)];
  }

  /**
   * The provider account id the cookie names, or null. A cookie that does not open, is malformed,
   * or names another provider or another individual is ignored: it must never let one person's
   * browser state select (or probe) someone else's account.
   */
  read(runtime: ProviderRuntime, individualId: string, cookies: Readonly<Record<string, string>>): string | null {
    if (!runtime.config.storeAccountCookie) return null;
    const raw = readCookie(cookies, cookieNameWithPrefix(this.options.cookies, accountCookieName(runtime.config.id)));
    if (raw === undefined) return null;
    const opened = this.box.open(raw);
    if (!isPayload(opened)) return null;
    if (opened.provider !== runtime.config.id || opened.individualId !== individualId) return null;
    return opened.providerAccountId;
  }
}
