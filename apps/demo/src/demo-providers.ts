import { GoogleOAuth, MicrosoftOAuth, OAuthProvider, type OAuthProviderDefinition } from '@belgie/nestjs-oauth';
import type { DemoConfig } from './config/demo-config.js';
import { envPresetProviders } from './env-preset-providers.js';

/** Failures that happen before a state is known (missing or foreign state) also end on the error page. */
export const ERROR_PAGE = '/auth/error';

/**
 * Settings every demo provider shares. Tokens are encrypted at rest because the demo database is a plain
 * file anyone on the machine can read.
 */
const COMMON = { defaultErrorRedirectUrl: ERROR_PAGE, encryptTokens: true } as const;

/**
 * The providers of the demo contract: `dev` (DEV_IDP=on), `oidc` (OIDC_ISSUER set), `google`
 * (GOOGLE_CLIENT_ID + GOOGLE_CLIENT_SECRET) and `microsoft` (MICROSOFT_CLIENT_ID).
 */
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
        ...COMMON,
        // The dev IdP vouches for any typed email: it must never join an existing individual by email.
        allowImplicitAccountLinking: false,
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
        // null = public client: the library then authenticates with PKCE only (token_endpoint_auth_method none).
        clientSecret: oidc.clientSecret,
        scopes: oidc.scopes,
        stateStrategy: oidc.stateStrategy,
        responseMode: oidc.responseMode,
        ...(oidc.requireIssuerParameter === undefined ? {} : { requireIssuerParameter: oidc.requireIssuerParameter }),
        timeoutMs: oidc.timeoutMs,
        ...COMMON,
      }),
    );
  }
  if (config.google !== null) {
    const google = config.google;
    providers.push(
      GoogleOAuth({
        clientId: google.clientId,
        clientSecret: google.clientSecret,
        // Enforced on the verified ID token by the preset, not only sent as the `hd` hint.
        ...(google.hostedDomain === null ? {} : { hostedDomain: google.hostedDomain }),
        ...COMMON,
      }),
    );
  }
  if (config.microsoft !== null) {
    const microsoft = config.microsoft;
    providers.push(
      MicrosoftOAuth({
        clientId: microsoft.clientId,
        clientSecret: microsoft.clientSecret,
        ...(microsoft.tenant === null ? {} : { tenant: microsoft.tenant }),
        ...COMMON,
      }),
    );
  }
  return [...providers, ...envPresetProviders(config.presets, COMMON)];
}
