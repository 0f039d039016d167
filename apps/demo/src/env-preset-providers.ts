import type {
  AppleOAuthOptions,
  Auth0OAuthOptions,
  GitHubOAuthOptions,
  KeycloakOAuthOptions,
  OktaOAuthOptions,
  SharedProviderOptions,
} from '@belgie/nestjs-oauth';
import type { PresetEnv } from './config/preset-env.js';

type Common = Pick<SharedProviderOptions, 'defaultErrorRedirectUrl' | 'encryptTokens'>;

export interface EnvPresetOptions {
  github?: GitHubOAuthOptions;
  apple?: AppleOAuthOptions;
  auth0?: Auth0OAuthOptions;
  okta?: OktaOAuthOptions;
  keycloak?: KeycloakOAuthOptions;
}

/** `OKTA_AUTHORIZATION_SERVER_ID=org` picks the org authorization server; unset, the preset's `default`. */
function oktaServer(value: string | undefined): { authorizationServerId?: string | null } {
  if (value === undefined) return {};
  return { authorizationServerId: value === 'org' ? null : value };
}

/**
 * The options of the presets the environment turned on (see config/preset-env.ts), by provider id.
 * The presets check every value at bootstrap and name the bad ones; none of them calls the network
 * before a sign-in starts.
 */
export function envPresetOptions(presets: PresetEnv, common: Common): EnvPresetOptions {
  const out: EnvPresetOptions = {};
  const { github, apple, auth0, okta, keycloak } = presets;
  if (github) {
    const enterpriseUrl = github['GITHUB_ENTERPRISE_URL'];
    out.github = { clientId: github['GITHUB_CLIENT_ID'] ?? '', clientSecret: github['GITHUB_CLIENT_SECRET'] ?? '', ...(enterpriseUrl ? { enterpriseUrl } : {}), ...common };
  }
  if (apple) {
    out.apple = {
      clientId: apple['APPLE_CLIENT_ID'] ?? '',
      teamId: apple['APPLE_TEAM_ID'] ?? '',
      keyId: apple['APPLE_KEY_ID'] ?? '',
      privateKey: apple['APPLE_PRIVATE_KEY'] ?? '',
      appBundleIds: (apple['APPLE_BUNDLE_IDS'] ?? '').split(',').map((id) => id.trim()).filter((id) => id !== ''),
      ...common,
    };
  }
  if (auth0) out.auth0 = { domain: auth0['AUTH0_DOMAIN'] ?? '', clientId: auth0['AUTH0_CLIENT_ID'] ?? '', clientSecret: auth0['AUTH0_CLIENT_SECRET'] ?? '', ...common };
  if (okta) {
    const server = oktaServer(okta['OKTA_AUTHORIZATION_SERVER_ID']);
    out.okta = { domain: okta['OKTA_DOMAIN'] ?? '', clientId: okta['OKTA_CLIENT_ID'] ?? '', clientSecret: okta['OKTA_CLIENT_SECRET'] ?? '', ...server, ...common };
  }
  if (keycloak) {
    out.keycloak = {
      baseUrl: keycloak['KEYCLOAK_URL'] ?? '',
      realm: keycloak['KEYCLOAK_REALM'] ?? '',
      clientId: keycloak['KEYCLOAK_CLIENT_ID'] ?? '',
      clientSecret: keycloak['KEYCLOAK_CLIENT_SECRET'] ?? '',
      ...common,
    };
  }
  return out;
}
