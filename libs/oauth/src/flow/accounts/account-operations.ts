import { Inject, Injectable } from '@nestjs/common';
import { OAuthError, StorageUnavailableError } from '../../errors/oauth-error.js';
import type { Clock } from '../../common/clock.js';
import { OAUTH_CLOCK } from '../../options/tokens.js';
import { OAuthRepository } from '../../persistence/oauth-repository.js';
import type { AccountRecord } from '../../persistence/records.js';
import type { ProviderRuntime } from '../../providers/provider-runtime.js';
import { tokenSetFromAccount, type OAuthTokenSet } from '../../transport/token-set.js';
import { AccountCookieService, type AccountCookieContext } from './account-cookie.js';
import { decodeAccount, type OAuthLinkedAccount } from './linked-account.js';
import { OAuthEvents } from '../shared/oauth-events.js';
import { RefreshCoordinator } from '../refresh/refresh-coordinator.js';
import type { OAuthUserInfo } from '../../providers/user-info.js';

/** Refresh ahead of expiry so a token is not handed out seconds before it dies (spec §9.2). */
const AUTO_REFRESH_SKEW_MS = 30_000;

function accessTokenMissing(): OAuthError {
  return new OAuthError('access_token_missing', 'oauth account does not have an access token');
}

function notFound(): OAuthError {
  return new OAuthError('oauth_account_not_found', 'oauth account not found');
}

/** Linked-account operations (spec §9); the database is the source of truth. */
@Injectable()
export class AccountOperations {
  constructor(
    @Inject(OAUTH_CLOCK) private readonly clock: Clock,
    private readonly repository: OAuthRepository,
    private readonly refresher: RefreshCoordinator,
    private readonly accountCookies: AccountCookieService,
    private readonly events: OAuthEvents,
  ) {}

  async listAccounts(runtime: ProviderRuntime, individualId: string): Promise<OAuthLinkedAccount[]> {
    const accounts = await this.repository.listAccounts(individualId, runtime.config.id);
    return accounts.map((account) => decodeAccount(runtime.tokenCodec, account));
  }

  /**
   * Spec §9.1: an explicit id is authoritative; without one, the account cookie's (when enabled,
   * and only if it names this provider and this individual); else the individual's only account
   * with this provider. Several accounts and no id is ambiguous: refuse rather than guess.
   */
  async resolveAccount(
    runtime: ProviderRuntime,
    individualId: string,
    providerAccountId?: string | null,
    context?: AccountCookieContext,
  ): Promise<AccountRecord> {
    if (providerAccountId) {
      const account = await this.repository.findAccountForIndividual(individualId, runtime.config.id, providerAccountId);
      if (account === null) throw notFound();
      return account;
    }
    const remembered = context ? this.accountCookies.read(runtime, individualId, context.requestCookies) : null;
    if (remembered !== null) {
      const account = await this.repository.findAccountForIndividual(individualId, runtime.config.id, remembered);
      // A stale cookie (account since unlinked elsewhere) is treated as absent: the cookie only ever
      // disambiguates, the database decides. Unlike the reference, which has no further fallback.
      if (account !== null) return account;
    }
    const accounts = await this.repository.listAccounts(individualId, runtime.config.id);
    if (accounts.length !== 1 || !accounts[0]) throw notFound();
    return accounts[0];
  }

  async tokenSet(
    runtime: ProviderRuntime,
    individualId: string,
    providerAccountId?: string | null,
    autoRefresh = true,
    context?: AccountCookieContext,
  ): Promise<OAuthTokenSet> {
    return (await this.accountTokenSet(runtime, individualId, providerAccountId, autoRefresh, context)).tokens;
  }

  /** The token set and the account it belongs to, from one lookup (routes also report the account id). */
  async accountTokenSet(
    runtime: ProviderRuntime,
    individualId: string,
    providerAccountId?: string | null,
    autoRefresh = true,
    context?: AccountCookieContext,
  ): Promise<{ account: AccountRecord; tokens: OAuthTokenSet }> {
    const account = await this.currentAccount(runtime, individualId, providerAccountId, autoRefresh, context);
    const linked = decodeAccount(runtime.tokenCodec, account);
    if (!linked.accessToken) throw accessTokenMissing();
    return { account, tokens: tokenSetFromAccount(linked) };
  }

  async getAccessToken(
    runtime: ProviderRuntime,
    individualId: string,
    providerAccountId?: string | null,
    context?: AccountCookieContext,
  ): Promise<string> {
    const account = await this.currentAccount(runtime, individualId, providerAccountId, true, context);
    // Hot path: only the access token is decrypted; the refresh and ID tokens are not needed here.
    const accessToken = runtime.tokenCodec.decode(account.accessToken, {
      provider: account.provider,
      providerAccountId: account.providerAccountId,
      column: 'accessToken',
    });
    if (!accessToken) throw accessTokenMissing();
    return accessToken;
  }

  /** The resolved account, refreshed first when auto-refresh is on and its token expires soon (spec §9.2). */
  private async currentAccount(
    runtime: ProviderRuntime,
    individualId: string,
    providerAccountId: string | null | undefined,
    autoRefresh: boolean,
    context: AccountCookieContext | undefined,
  ): Promise<AccountRecord> {
    const account = await this.resolveAccount(runtime, individualId, providerAccountId, context);
    if (autoRefresh && this.expiresSoon(account) && account.refreshToken) {
      return this.refreshed(runtime, account, context);
    }
    return account;
  }

  /** Always refreshes (spec §9.3), de-duplicated with concurrent refreshes of the same account. */
  async refreshAccount(
    runtime: ProviderRuntime,
    individualId: string,
    providerAccountId?: string | null,
    context?: AccountCookieContext,
  ): Promise<OAuthLinkedAccount> {
    const account = await this.resolveAccount(runtime, individualId, providerAccountId, context);
    if (!account.refreshToken) throw new OAuthError('refresh_token_missing', 'oauth account does not have a refresh token');
    return decodeAccount(runtime.tokenCodec, await this.refreshed(runtime, account, context));
  }

  /** Spec §9.4: null when no usable token set exists; profile errors propagate. */
  async accountInfo(
    runtime: ProviderRuntime,
    individualId: string,
    providerAccountId?: string | null,
    autoRefresh = true,
    context?: AccountCookieContext,
  ): Promise<OAuthUserInfo | null> {
    let tokens: OAuthTokenSet;
    try {
      tokens = await this.tokenSet(runtime, individualId, providerAccountId, autoRefresh, context);
    } catch (error) {
      // No usable account is "no info"; an outage of the store is not.
      if (error instanceof OAuthError && !(error instanceof StorageUnavailableError)) return null;
      throw error;
    }
    return runtime.strategy.resolveProfile(tokens, {});
  }

  async unlinkAccount(
    runtime: ProviderRuntime,
    individualId: string,
    providerAccountId?: string | null,
    context?: AccountCookieContext,
  ): Promise<boolean> {
    const id = providerAccountId ?? (await this.resolveAccount(runtime, individualId, null, context)).providerAccountId;
    const deleted = await this.repository.deleteAccount(individualId, runtime.config.id, id);
    if (deleted) {
      // Spec §9.5: cleared whichever account it named; a cookie naming a deleted account is useless.
      context?.responseCookies.push(...this.accountCookies.clear(runtime));
      this.events.emit({ type: 'unlink', provider: runtime.config.id, individualId, providerAccountId: id });
    }
    return deleted;
  }

  /** Refreshes (de-duplicated) and, for a route, remembers the account in the account cookie. */
  private async refreshed(runtime: ProviderRuntime, account: AccountRecord, context?: AccountCookieContext): Promise<AccountRecord> {
    const updated = await this.refresher.refresh(runtime, account);
    context?.responseCookies.push(...this.accountCookies.write(runtime, updated));
    return updated;
  }

  private expiresSoon(account: AccountRecord): boolean {
    const expiresAt = account.accessTokenExpiresAt;
    return expiresAt !== null && expiresAt.getTime() <= this.clock.now().getTime() + AUTO_REFRESH_SKEW_MS;
  }
}
