import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { LinkRequiredRedirect } from '../errors/link-required-redirect.js';
import { ConfigurationError, OAuthError } from '../errors/oauth-error.js';
import { AccountCookieService, accountCookieContext } from '../flow/accounts/account-cookie.js';
import { AccountOperations } from '../flow/accounts/account-operations.js';
import { StartFlow } from '../flow/sign-in/start-flow.js';
import { oauthHttpException } from '../http/error-status.js';
import { applyCookies, requestCookies } from '../http/http-adapter.js';
import { OAuthRepository } from '../persistence/oauth-repository.js';
import type { AccountRecord } from '../persistence/records.js';
import { ProviderRegistry } from '../providers/provider-registry.js';
import type { ProviderRuntime } from '../providers/provider-runtime.js';
import { LINKED_ACCOUNT_REQUIREMENTS, hasScopes, type LinkedAccountRequirement } from './linked-account-requirement.js';
import type { RequestWithSession } from './session-guard.js';

/** The account a guard matched, and a way to get its access token (for `@ProviderAccessToken`). */
export interface MatchedLinkedAccount {
  readonly providerAccountId: string;
  accessToken(): Promise<string>;
}

export interface RequestWithLinkedAccounts extends RequestWithSession {
  oauthLinkedAccounts?: Record<string, MatchedLinkedAccount>;
}

/** Express (`originalUrl`) and Fastify (`url`) request fields used to come back after the link flow. */
interface RequestUrl extends RequestWithLinkedAccounts {
  method?: string;
  originalUrl?: string;
  url?: string;
}

/** Why the guard refuses a route: no account with the provider, or none with the required scopes. */
export interface LinkedAccountRefusal {
  readonly reason: 'account_not_linked' | 'insufficient_scope';
  readonly requirement: LinkedAccountRequirement;
  readonly individualId: string;
}

/**
 * Requires the signed-in individual (SessionGuard runs first) to have an account with each
 * provider the route names (`@RequireLinkedAccount`), holding the required scopes. Answers 403
 * `account_not_linked` / `insufficient_scope`, or, when the route asks for it, sends a GET to the
 * link flow so the person can grant them.
 *
 * Override points (extend the class, then `@RequireLinkedAccount(id, { guards: { linkedAccount: YourGuard } })`):
 * - `getRequest` / `getResponse`: for contexts other than plain HTTP (see `SessionGuard`).
 * - `handleRefusal`: what happens when a requirement is not met. The default redirects a GET to the
 *   link flow (`redirectToLink`) or throws 403; throw your own exception, or return `true` to let the
 *   request through without a matched account (then `@ProviderAccessToken` has nothing to give).
 */
@Injectable()
export class LinkedAccountGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly registry: ProviderRegistry,
    private readonly repository: OAuthRepository,
    private readonly accounts: AccountOperations,
    private readonly accountCookies: AccountCookieService,
    private readonly starts: StartFlow,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirements = this.reflector.getAllAndMerge<LinkedAccountRequirement[]>(LINKED_ACCOUNT_REQUIREMENTS, [
      context.getHandler(),
      context.getClass(),
    ]);
    // Used without @RequireLinkedAccount: a guard that checks nothing must not pass silently.
    if (requirements.length === 0) {
      throw new ConfigurationError('LinkedAccountGuard needs @RequireLinkedAccount(providerId) on the route or its controller');
    }
    const request = this.getRequest(context);
    const session = request.oauthSession;
    if (!session) throw oauthHttpException(new OAuthError('not_authenticated', 'not authenticated'));
    const individualId = session.individual.id;
    const cookies = requestCookies(request);
    for (const requirement of requirements) {
      const runtime = this.runtimeFor(requirement.providerId);
      const accounts = await this.repository.listAccounts(individualId, runtime.config.id);
      // The account the browser last used (account cookie) is preferred when several qualify.
      const remembered = this.accountCookies.read(runtime, individualId, cookies);
      const ordered = [...accounts].sort((a, b) => Number(b.providerAccountId === remembered) - Number(a.providerAccountId === remembered));
      const match = ordered.find((account) => hasScopes(account.scope, requirement.scopes));
      if (match === undefined) {
        const reason = accounts.length > 0 ? 'insufficient_scope' : 'account_not_linked';
        if (await this.handleRefusal({ reason, requirement, individualId }, context)) continue;
        return false;
      }
      request.oauthLinkedAccounts = {
        ...request.oauthLinkedAccounts,
        [runtime.config.id]: this.matched(runtime, individualId, match, cookies, this.getResponse(context)),
      };
    }
    return true;
  }

  getRequest(context: ExecutionContext): RequestWithLinkedAccounts {
    return context.switchToHttp().getRequest<RequestWithLinkedAccounts>();
  }

  getResponse(context: ExecutionContext): unknown {
    return context.switchToHttp().getResponse<unknown>();
  }

  /** Default: a GET to the link flow when the route asks for it, else 403 with the reason's code. */
  async handleRefusal(refusal: LinkedAccountRefusal, context: ExecutionContext): Promise<boolean> {
    const { requirement, individualId } = refusal;
    const runtime = this.runtimeFor(requirement.providerId);
    const request: RequestUrl = this.getRequest(context);
    const method = (request.method ?? 'GET').toUpperCase();
    // Only a navigation can follow a redirect through the provider and back; API calls get the 403.
    if (requirement.redirectToLink && (method === 'GET' || method === 'HEAD')) {
      const scopes = [...new Set([...runtime.config.scopes, ...requirement.scopes])];
      const returnTo = request.originalUrl ?? request.url ?? null;
      throw new LinkRequiredRedirect(await this.starts.linkUrl(runtime, { individualId, returnTo, scopes }));
    }
    const message =
      refusal.reason === 'account_not_linked'
        ? `a linked ${runtime.config.id} account is required`
        : `the linked ${runtime.config.id} account lacks a required scope`;
    // 403 (the table's guard-refusal status), not the filter's 400: the person is known but lacks a grant for this route.
    throw oauthHttpException(new OAuthError(refusal.reason, message), 'guardRefusal');
  }

  private matched(
    runtime: ProviderRuntime,
    individualId: string,
    account: AccountRecord,
    cookies: Record<string, string>,
    response: unknown,
  ): MatchedLinkedAccount {
    return {
      providerAccountId: account.providerAccountId,
      accessToken: async () => {
        const context = accountCookieContext(cookies);
        // The app's route has no library filter: a coded failure (e.g. refresh_failed) is an HttpException.
        const token = await this.accounts
          .getAccessToken(runtime, individualId, account.providerAccountId, context)
          .catch((error: unknown) => Promise.reject(error instanceof OAuthError ? oauthHttpException(error) : error));
        applyCookies(response, context.responseCookies);
        return token;
      },
    };
  }

  private runtimeFor(providerId: string): ProviderRuntime {
    const runtime = this.registry.find(providerId);
    if (runtime === undefined) {
      const configured = this.registry.ids().map((id) => `'${id}'`).join(', ') || 'none';
      throw new ConfigurationError(`@RequireLinkedAccount('${providerId}'): no such provider is configured (configured providers: ${configured})`);
    }
    return runtime;
  }
}
