import {
  AppleOAuth,
  Auth0OAuth,
  GitHubOAuth,
  GoogleOAuth,
  KeycloakOAuth,
  OktaOAuth,
  MicrosoftOAuth,
  OAuthProvider,
  type OAuthModuleAsyncValues,
  type SharedProviderOptions,
} from '@belgie/nestjs-oauth';
import type { DemoConfig } from './config/demo-config.js';
import { envPresetOptions } from './env-preset-providers.js';

/** Failures that happen before a state is known (missing or foreign state) also end on the error page. */
export const ERROR_PAGE = '/auth/error';

/** Every provider the demo can run, by id (the ids mint DI tokens: fixed when the module is declared). */
const DEMO_PROVIDER_FACTORIES = {
  dev: OAuthProvider,
  oidc: OAuthProvider,
  google: GoogleOAuth,
  microsoft: MicrosoftOAuth,
  github: GitHubOAuth,
  apple: AppleOAuth,
  auth0: Auth0OAuth,
  okta: OktaOAuth,
  keycloak: KeycloakOAuth,
} as const;

export type DemoProviderId = keyof typeof DEMO_PROVIDER_FACTORIES;
/** The factories of the providers that are on (an unset environment variable turns a provider off). */
export type DemoProviderFactories = Partial<typeof DEMO_PROVIDER_FACTORIES>;
export type DemoProviderOptions = OAuthModuleAsyncValues<DemoProviderFactories>['providers'];

/**
 * Settings every demo provider shares. Tokens are encrypted at rest because the demo database is a plain
 * file anyone on the machine can read.
 */
const COMMON = { defaultErrorRedirectUrl: ERROR_PAGE, encryptTokens: true } as const;

/** No secret = a public client, said explicitly (the library refuses to guess). */
function credentials(secret: string | null): Pick<SharedProviderOptions, 'clientSecret' | 'clientType'> {
  return secret === null ? { clientType: 'public' } : { clientSecret: secret };
}

/**
 * The ids that are on: the demo contract's `dev` (DEV_IDP), `oidc` (OIDC_ISSUER), `google`, `microsoft`,
 * and the further presets whose `*_CLIENT_ID` is set (config/preset-env.ts).
 */
export function enabledProviderIds(config: DemoConfig): DemoProviderId[] {
  const on: Record<DemoProviderId, boolean> = {
    dev: config.devIdp !== null,
    oidc: config.oidc !== null,
    google: config.google !== null,
    microsoft: config.microsoft !== null,
    github: config.presets.github !== undefined,
    apple: config.presets.apple !== undefined,
    auth0: config.presets.auth0 !== undefined,
    okta: config.presets.okta !== undefined,
    keycloak: config.presets.keycloak !== undefined,
  };
  return (Object.keys(on) as DemoProviderId[]).filter((id) => on[id]);
}

/** The static part of `forRootAsync`: id → factory, for the providers that are on. */
export function demoProviderFactories(config: DemoConfig): DemoProviderFactories {
  return Object.fromEntries(enabledProviderIds(config).map((id) => [id, DEMO_PROVIDER_FACTORIES[id]]));
}

/** The values part: every provider's options by id, from the configuration ConfigService holds. */
export function demoProviderOptions(config: DemoConfig): DemoProviderOptions {
  const { devIdp, oidc, google, microsoft } = config;
  return {
    ...envPresetOptions(config.presets, COMMON),
    ...(devIdp === null
      ? {}
      : {
          dev: {
            discoveryUrl: devIdp.discoveryUrl,
            clientId: devIdp.clientId,
            clientSecret: devIdp.clientSecret,
            tokenEndpointAuthMethod: 'client_secret_post',
            scopes: ['openid', 'email', 'profile', 'offline_access'],
            stateStrategy: 'adapter',
            responseMode: 'query',
            ...COMMON,
            // The dev IdP vouches for any typed email: it must never join an existing individual by email.
            allowImplicitAccountLinking: false,
          },
        }),
    ...(oidc === null
      ? {}
      : {
          oidc: {
            discoveryUrl: oidc.discoveryUrl,
            clientId: oidc.clientId,
            ...credentials(oidc.clientSecret),
            scopes: oidc.scopes,
            stateStrategy: oidc.stateStrategy,
            responseMode: oidc.responseMode,
            ...(oidc.requireIssuerParameter === undefined ? {} : { requireIssuerParameter: oidc.requireIssuerParameter }),
            timeoutMs: oidc.timeoutMs,
            ...COMMON,
          },
        }),
    ...(google === null
      ? {}
      : {
          google: {
            clientId: google.clientId,
            clientSecret: google.clientSecret,
            // Enforced on the verified ID token by the preset, not only sent as the `hd` hint.
            ...(google.hostedDomain === null ? {} : { hostedDomain: google.hostedDomain }),
            ...COMMON,
          },
        }),
    ...(microsoft === null
      ? {}
      : {
          microsoft: {
            clientId: microsoft.clientId,
            ...credentials(microsoft.clientSecret),
            ...(microsoft.tenant === null ? {} : { tenant: microsoft.tenant }),
            ...COMMON,
          },
        }),
  };
}
