import type { INestApplication } from '@nestjs/common';
import { OAuthClients, type GenericProviderOptions, type OAuthClient } from '@belgie/nestjs-oauth';
import { startOidcProvider, type OidcProviderConfig, type RunningOidcProvider } from './oidc-provider-process.js';

/**
 * The one confidential client the e2e specs register at the real OpenID Provider
 * (test/fixtures/oidc-provider), and the provider options an app uses for it.
 */
export const APP_CLIENT_ID = 'app';
export const APP_CLIENT_SECRET = 'app-secret-value';

type AppClient = Required<Pick<GenericProviderOptions, 'discoveryUrl' | 'clientId' | 'clientSecret'>>;
type AppClientOptions = AppClient & Required<Pick<GenericProviderOptions, 'scopes' | 'prompt' | 'defaultErrorRedirectUrl'>>;

/** Where the app listening on `port` receives `providerId`'s authorization responses. */
export function callbackUrl(port: number, providerId = 'op'): string {
  return `http://127.0.0.1:${port}/auth/provider/${providerId}/callback`;
}

/** Starts the OP with the app's client; the OP redirects only to `redirectUris` (exact match). */
export function startOpForApp(redirectUris: string[], config: Omit<OidcProviderConfig, 'clients'> = {}): Promise<RunningOidcProvider> {
  return startOidcProvider({ ...config, clients: [{ client_id: APP_CLIENT_ID, client_secret: APP_CLIENT_SECRET, redirect_uris: redirectUris }] });
}

/** Provider options naming the app's client at `issuer` (through discovery), and nothing else. */
export function appClient(issuer: string): AppClient {
  return { discoveryUrl: `${issuer}/.well-known/openid-configuration`, clientId: APP_CLIENT_ID, clientSecret: APP_CLIENT_SECRET };
}

/**
 * Provider options for the app's client at `issuer`: discovery, a refresh token (offline_access, with
 * prompt=consent: OIDC Core 11 lets an OP ignore offline_access without it), errors to /auth/error.
 */
export function appClientOptions(issuer: string): AppClientOptions {
  return {
    ...appClient(issuer),
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    prompt: 'consent',
    defaultErrorRedirectUrl: '/auth/error',
  };
}

/** The registered client of `providerId`; a missing one is a broken set-up, not a test outcome. */
export function clientOf(app: { app: INestApplication }, providerId = 'op'): OAuthClient {
  const client = app.app.get(OAuthClients).get(providerId);
  if (!client) throw new Error(`client ${providerId} missing`);
  return client;
}
