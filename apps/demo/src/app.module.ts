import { Module, type DynamicModule } from '@nestjs/common';
import { OAuthModule, OAuthProvider, type OAuthProviderDefinition } from '@belgie/nestjs-oauth';
import { AccountActionsController } from './account-actions.controller.js';
import type { DemoConfig } from './config/demo-config.js';
import { DemoController } from './demo.controller.js';
import { DatabaseModule } from './persistence/database.module.js';
import { TypeOrmOAuthRepository } from './persistence/typeorm-oauth-repository.js';

/** Failures that happen before a state is known (missing or foreign state) also end on the error page. */
const ERROR_PAGE = '/auth/error';

/** The providers of the demo contract: `dev` (DEV_IDP=on) and `oidc` (OIDC_ISSUER set). */
export function demoProviders(config: DemoConfig): OAuthProviderDefinition[] {
  const providers: OAuthProviderDefinition[] = [];
  if (config.devIdp !== null) {
    providers.push(
      OAuthProvider({
        id: 'dev',
        discoveryUrl: config.devIdp.discoveryUrl,
        clientId: config.devIdp.clientId,
        clientSecret: config.devIdp.clientSecret,
        tokenEndpointAuthMethod: 'client_secret_post',
        scopes: ['openid', 'email', 'profile', 'offline_access'],
        stateStrategy: 'adapter',
        responseMode: 'query',
        defaultErrorRedirectUrl: ERROR_PAGE,
        encryptTokens: true,
      }),
    );
  }
  if (config.oidc !== null) {
    const oidc = config.oidc;
    providers.push(
      OAuthProvider({
        id: 'oidc',
        discoveryUrl: oidc.discoveryUrl,
        clientId: oidc.clientId,
        clientSecret: oidc.clientSecret,
        // null = public client: the library then authenticates with PKCE only (token_endpoint_auth_method none).
        scopes: oidc.scopes,
        stateStrategy: oidc.stateStrategy,
        responseMode: oidc.responseMode,
        ...(oidc.requireIssuerParameter === undefined ? {} : { requireIssuerParameter: oidc.requireIssuerParameter }),
        timeoutMs: oidc.timeoutMs,
        defaultErrorRedirectUrl: ERROR_PAGE,
        encryptTokens: true,
      }),
    );
  }
  // GOOGLE_* / MICROSOFT_* are parsed by loadDemoConfig (which warns), but their presets are not registered.
  return providers;
}

@Module({})
export class AppModule {
  static register(config: DemoConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        OAuthModule.forRoot({
          providers: demoProviders(config),
          secret: config.secrets,
          baseUrl: config.baseUrl,
          repository: TypeOrmOAuthRepository,
          imports: [DatabaseModule.forRoot(config.databaseUrl)],
        }),
      ],
      controllers: [DemoController, AccountActionsController],
    };
  }
}
