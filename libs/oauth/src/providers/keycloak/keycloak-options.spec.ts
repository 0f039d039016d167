import { describe, expect, it } from '@jest/globals';
import { resolvePreset } from '../preset.spec-support.js';
import { KeycloakOAuth, type KeycloakOAuthOptions } from './keycloak-options.js';

const base = { clientId: 'web', clientSecret: 'keycloak-secret', realm: 'acme' };

describe('KeycloakOAuth', () => {
  it('builds the realm issuer and its discovery URL (Keycloak 17+ paths)', () => {
    const { config, problems } = resolvePreset(KeycloakOAuth({ ...base, baseUrl: 'https://sso.acme.com/' }));
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      id: 'keycloak',
      issuer: 'https://sso.acme.com/realms/acme',
      discoveryUrl: 'https://sso.acme.com/realms/acme/.well-known/openid-configuration',
      scopes: ['openid', 'profile', 'email'],
      // Keycloak advertises RFC 9207 support: left unset, the `iss` parameter is then required.
      requireIssuerParameter: undefined,
    });
  });

  it('Keycloak legacy /auth path prefix is kept (Keycloak before 17)', () => {
    const { config } = resolvePreset(KeycloakOAuth({ ...base, baseUrl: 'https://sso.acme.com/auth' }));
    expect(config.issuer).toBe('https://sso.acme.com/auth/realms/acme');
  });

  it('Keycloak realm name is one encoded path segment, never a path', () => {
    const { config } = resolvePreset(KeycloakOAuth({ ...base, baseUrl: 'https://sso.acme.com', realm: '../master' }));
    expect(config.issuer).toBe('https://sso.acme.com/realms/..%2Fmaster');
  });

  it.each([
    [{ baseUrl: undefined }, 'baseUrl is required'],
    [{ baseUrl: 'http://sso.acme.com' }, 'baseUrl must be an https URL (http only for loopback hosts)'],
    [{ baseUrl: 'https://sso.acme.com', realm: ' ' }, 'realm must be a non-empty string'],
    [{ baseUrl: 'https://sso.acme.com', realm: undefined }, 'realm is required'],
  ])('reports %j at bootstrap', (extra, problem) => {
    const { problems } = resolvePreset(KeycloakOAuth({ ...base, ...extra } as KeycloakOAuthOptions));
    expect(problems).toContain(`test.keycloak: KeycloakOAuth: ${problem}`);
  });
});
