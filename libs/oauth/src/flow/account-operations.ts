import { Inject, Injectable } from '@nestjs/common';
import { OAuthError } from '../errors/oauth-error.js';
import type { ResolvedModuleOptions } from '../module/resolved-module-options.js';
import { OAUTH_OPTIONS } from '../module/tokens.js';
import { OAuthRepository } from '../persistence/oauth-repository.js';
import type { AccountRecord } from '../persistence/records.js';
import type { ProviderRuntime } from '../providers/provider-runtime.js';
import { tokenSetFromAccount, type OAuthTokenSet } from '../transport/token-set.js';
import { decodeAccount, type OAuthLinkedAccount } from './linked-account.js';
import { RefreshCoordinator } from './refresh-coordinator.js';
import type { OAuthUserInfo } from './user-info.js';

/** Refresh ahead of expiry so a token is not handed out seconds before it dies (spec §9.2). */
const AUTO_REFRESH_SKEW_MS = 30_000;

function notFound(): OAuthError {
  return new OAuthError('oauth_account_not_found', 'oauth account not found');
}

/** Linked-account operations (spec §9); the database is the source of truth. */
@Injectable()
export class AccountOperations {
  constructor(
    @Inject(OAUTH_OPTIONS) private readonly options: ResolvedModuleOptions,
    private readonly repository: OAuthRepository,
    private readonly refresher: RefreshCoordinator,
  ) {}

  async listAccounts(runtime: ProviderRuntime, individualId: string): Promise<OAuthLinkedAccount[]> {
    const accounts = await this.repository.listAccounts(individualId, runtime.config.id);
    return accounts.map((account) => decodeAccount(runtime.tokenCodec, account));
  }

  /**
   * Spec §9.1: an explicit id is authoritative; without one, the individual's only account with
   * this provider. Several accounts and no id is ambiguous: refuse rather than guess.
   */
  async resolveAccount(runtime: ProviderRuntime, individualId: string, providerAccountId?: string | null): Promise<AccountRecord> {
    if (providerAccountId) {
      const account = await this.repository.findAccountForIndividual(individualId, runtime.config.id, providerAccountId);
      if (account === null) throw notFound();
      return account;
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
  ): Promise<OAuthTokenSet> {
    let account = await this.resolveAccount(runtime, individualId, providerAccountId);
    if (autoRefresh && this.expiresSoon(account) && account.refreshToken) {
      account = await this.refresher.refresh(runtime, account);
    }
    const linked = decodeAccount(runtime.tokenCodec, account);
    if (!linked.accessToken) throw new OAuthError('access_token_missing', 'oauth account does not have an access token');
    return tokenSetFromAccount(linked);
  }

  async getAccessToken(runtime: ProviderRuntime, individualId: string, providerAccountId?: string | null): Promise<string> {
    const tokens = await this.tokenSet(runtime, individualId, providerAccountId, true);
    if (!tokens.accessToken) throw new OAuthError('access_token_missing', 'oauth account does not have an access token');
    return tokens.accessToken;
  }

  /** Always refreshes (spec §9.3), de-duplicated with concurrent refreshes of the same account. */
  async refreshAccount(runtime: ProviderRuntime, individualId: string, providerAccountId?: string | null): Promise<OAuthLinkedAccount> {
    const account = await this.resolveAccount(runtime, individualId, providerAccountId);
    if (!account.refreshToken) throw new OAuthError('refresh_token_missing', 'oauth account does not have a refresh token');
    return decodeAccount(runtime.tokenCodec, await this.refresher.refresh(runtime, account));
  }

  /** Spec §9.4: null when no usable token set exists; profile errors propagate. */
  async accountInfo(
    runtime: ProviderRuntime,
    individualId: string,
    providerAccountId?: string | null,
    autoRefresh = true,
  ): Promise<OAuthUserInfo | null> {
    let tokens: OAuthTokenSet;
    try {
      tokens = await this.tokenSet(runtime, individualId, providerAccountId, autoRefresh);
    } catch (error) {
      if (error instanceof OAuthError) return null;
      throw error;
    }
    return runtime.strategy.resolveProfile(tokens, {});
  }

  async unlinkAccount(runtime: ProviderRuntime, individualId: string, providerAccountId?: string | null): Promise<boolean> {
    const id = providerAccountId ?? (await this.resolveAccount(runtime, individualId, null)).providerAccountId;
    return this.repository.deleteAccount(individualId, runtime.config.id, id);
  }

  private expiresSoon(account: AccountRecord): boolean {
    const expiresAt = account.accessTokenExpiresAt;
    return expiresAt !== null && expiresAt.getTime() <= this.options.clock.now().getTime() + AUTO_REFRESH_SKEW_MS;
  }
}
