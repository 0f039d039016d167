import { writeStartedFlow, type OAuthStartRedirect } from '../http/start-response.js';
import type { ProviderRuntime } from '../providers/provider-runtime.js';
import type { OAuthTokenSet } from '../transport/token-set.js';
import type { AccountOperations } from '../flow/accounts/account-operations.js';
import type { OAuthLinkedAccount } from '../flow/accounts/linked-account.js';
import type { LinkUrlOptions, SignInUrlOptions, StartFlow } from '../flow/sign-in/start-flow.js';
import type { OAuthUserInfo } from '../providers/user-info.js';

/**
 * The app-facing client of one provider, injected with `@InjectOAuth(id)`. Stateless and shared:
 * every method takes the individual explicitly.
 */
export class OAuthClient<Id extends string = string> {
  constructor(
    private readonly runtime: ProviderRuntime,
    private readonly starts: StartFlow,
    private readonly accounts: AccountOperations,
  ) {}

  get providerId(): Id {
    return this.runtime.config.id as Id;
  }

  /**
   * The local start URL of a sign-in (redirect the browser there, or hand it to another client). It
   * carries only the options: each browser that opens it gets its own fresh state, within 10 minutes.
   */
  signInUrl(options: SignInUrlOptions = {}): Promise<string> {
    return this.starts.signInUrl(this.runtime, options);
  }

  /** The local start URL that links this provider to `individualId` (no session is created). */
  linkUrl(options: LinkUrlOptions): Promise<string> {
    return this.starts.linkUrl(this.runtime, options);
  }

  /**
   * One-hop sign-in for a route of your own (`GET /login/google` → provider in one response, as with
   * Passport): creates the state for this browser, sets its cookies on `response` (Express or Fastify)
   * and returns `{ url, statusCode }` for `@Redirect()`; use `@Res({ passthrough: true })`.
   */
  async startSignIn(response: unknown, options: SignInUrlOptions = {}): Promise<OAuthStartRedirect> {
    return writeStartedFlow(response, await this.starts.startSignIn(this.runtime, options));
  }

  /** One-hop link flow for the signed-in `individualId` (see `startSignIn`). */
  async startLink(response: unknown, options: LinkUrlOptions): Promise<OAuthStartRedirect> {
    return writeStartedFlow(response, await this.starts.startLink(this.runtime, options));
  }

  listAccounts(individualId: string): Promise<OAuthLinkedAccount[]> {
    return this.accounts.listAccounts(this.runtime, individualId);
  }

  tokenSet(individualId: string, providerAccountId?: string | null, options: { autoRefresh?: boolean } = {}): Promise<OAuthTokenSet> {
    return this.accounts.tokenSet(this.runtime, individualId, providerAccountId, options.autoRefresh ?? true);
  }

  /** A valid access token, refreshed first when it expires within 30 s. */
  getAccessToken(individualId: string, providerAccountId?: string | null): Promise<string> {
    return this.accounts.getAccessToken(this.runtime, individualId, providerAccountId);
  }

  refreshAccount(individualId: string, providerAccountId?: string | null): Promise<OAuthLinkedAccount> {
    return this.accounts.refreshAccount(this.runtime, individualId, providerAccountId);
  }

  accountInfo(individualId: string, providerAccountId?: string | null, options: { autoRefresh?: boolean } = {}): Promise<OAuthUserInfo | null> {
    return this.accounts.accountInfo(this.runtime, individualId, providerAccountId, options.autoRefresh ?? true);
  }

  unlinkAccount(individualId: string, providerAccountId?: string | null): Promise<boolean> {
    return this.accounts.unlinkAccount(this.runtime, individualId, providerAccountId);
  }
}
