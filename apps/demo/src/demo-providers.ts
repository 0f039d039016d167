import {
  GoogleOAuth,
  MicrosoftOAuth,
  OAuthProvider,
  type OAuthModuleAsyncValues,
  type SharedProviderOptions,
} from '@belgie/nestjs-oauth';
import type { DemoConfig } from './config/demo-config.js';

/** Failures that happen before a state is known (missing or foreign state) also end on the error page. */
export const ERROR_PAGE = '/auth/error';

/** Every provider the demo can run, by id (the ids mint DI tokens: fixed when the module is declared). */
const DEMO_PROVIDER_FACTORIES = { dev: OAuthProvider, oidc: OAuthProvider, google: GoogleOAuth, microsoft: MicrosoftOAuth } as const;

export type DemoProviderId = keyof typeof DEMO_PROVIDER_FACTORIES;
/** The factories of the providers that are on (an unset environment variable turns a provider off). */
export type DemoProviderFactories = Partial<typeof DEMO_PROVIDER_FACTORIES>;
type DemoProviderOptions = OAuthModuleAsyncValues<DemoProviderFactories>['providers'];

/**
 * Settings every demo provider shares. Tokens are encrypted at rest because the demo database is a plain
 * file anyone on the machine can read.
 */
const COMMON = { defaultErrorRedirectUrl: ERROR_PAGE, encryptTokens: true } as const;

/** No secret = a public client, said explicitly (the library refuses to guess). */
function credentials(secret: string | null): Pick<SharedProviderOptions, 'clientSecret' | 'clientType'> {
  return secret === null ? { clientType: 'public' } : { clientSecret: secret };
}

/** The ids of the demo contract that are on: `dev` (DEV_IDP), `oidc` (OIDC_ISSUER), `google`, `microsoft`. */
export function enabledProviderIds(config: DemoConfig): DemoProviderId[] {
  const on: Record<DemoProviderId, boolean> = {
    dev: config.devIdp !== null,
    oidc: config.oidc !== null,
    google: config.google !== null,
    microsoft: config.microsoft !== null,
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
