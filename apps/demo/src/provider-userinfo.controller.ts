import { Controller, Get, Header, Inject, Injectable, type Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  InjectOAuth,
  LinkedProviderAccountId,
  OAuthError,
  ProviderAccessToken,
  RequireLinkedAccount,
  type OAuthClient,
} from '@belgie/nestjs-oauth';
import type { DemoConfig } from './config/demo-config.js';
import { DEMO_CONFIG } from './config/demo-configuration.js';
import { DEMO_FETCH } from './demo-fetch.module.js';
import type { DemoProviderId } from './demo-providers.js';

const GOOGLE_USERINFO = 'https://openidconnect.googleapis.com/v1/userinfo';
const MICROSOFT_USERINFO = 'https://graph.microsoft.com/oidc/userinfo';

/** Calls a provider's userinfo endpoint with an access token: what an app does with `@ProviderAccessToken`. */
@Injectable()
export class ProviderUserinfo {
  constructor(
    private readonly config: ConfigService,
    @Inject(DEMO_FETCH) private readonly fetch: typeof globalThis.fetch,
  ) {}

  async fetchFor(providerId: DemoProviderId, accessToken: string): Promise<Record<string, unknown>> {
    const response = await this.fetch(await this.endpoint(providerId), {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    // The provider's answer is not passed through on failure: only its status, as a coded error.
    if (!response.ok) throw new OAuthError('provider_unavailable', `userinfo answered HTTP ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  }

  private async endpoint(providerId: DemoProviderId): Promise<string> {
    const config = this.config.getOrThrow<DemoConfig>(DEMO_CONFIG);
    if (providerId === 'google') return GOOGLE_USERINFO;
    if (providerId === 'microsoft') return MICROSOFT_USERINFO;
    const discoveryUrl = providerId === 'dev' ? config.devIdp?.discoveryUrl : config.oidc?.discoveryUrl;
    const metadata = (await (await this.fetch(discoveryUrl ?? '', { signal: AbortSignal.timeout(10_000) })).json()) as { userinfo_endpoint?: unknown };
    if (typeof metadata.userinfo_endpoint !== 'string') throw new OAuthError('provider_unavailable', 'no userinfo endpoint');
    return metadata.userinfo_endpoint;
  }
}

/**
 * `GET /me/provider/<id>/userinfo` for one provider: only for someone signed in with an account at that
 * provider (`@RequireLinkedAccount`, else 401 / 403), whose access token (refreshed when about to
 * expire) calls the provider. One controller per provider that is on, so every id is a literal the
 * compiler checks against the registry (see oauth-provider-ids.ts).
 */
export function providerUserinfoController<const Id extends DemoProviderId>(providerId: Id): Type<unknown> {
  @Controller(`me/provider/${providerId}`)
  class ProviderUserinfoController {
    constructor(
      @InjectOAuth(providerId) private readonly client: OAuthClient<Id>,
      private readonly userinfo: ProviderUserinfo,
    ) {}

    @Get('userinfo')
    @Header('Cache-Control', 'no-store')
    @RequireLinkedAccount(providerId)
    async show(
      @ProviderAccessToken(providerId) accessToken: string,
      @LinkedProviderAccountId(providerId) providerAccountId: string,
    ): Promise<{ provider: string; providerAccountId: string; userinfo: Record<string, unknown> }> {
      return { provider: this.client.providerId, providerAccountId, userinfo: await this.userinfo.fetchFor(providerId, accessToken) };
    }
  }
  return ProviderUserinfoController;
}
