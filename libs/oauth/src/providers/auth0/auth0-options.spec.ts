import { describe, expect, it } from '@jest/globals';
import { resolvePreset } from '../preset.spec-support.js';
import { Auth0OAuth, type Auth0OAuthOptions } from './auth0-options.js';

const base = { clientId: 'auth0-client', clientSecret: 'auth0-secret' };

describe('Auth0OAuth', () => {
  it.each(['acme.us.auth0.com', 'https://acme.us.auth0.com', 'https://ACME.us.auth0.com/', 'acme.US.auth0.com'])(
    'turns the domain %s into the discovery URL and the issuer with its trailing slash',
    (domain) => {
      const { config, problems } = resolvePreset(Auth0OAuth({ ...base, domain }));
      expect(problems).toEqual([]);
      expect(config).toMatchObject({
        id: 'auth0',
        discoveryUrl: 'https://acme.us.auth0.com/.well-known/openid-configuration',
        issuer: 'https://acme.us.auth0.com/',
        scopes: ['openid', 'profile', 'email'],
        usePkce: true,
        useNonce: true,
        tokenEndpointAuthMethod: 'client_secret_post',
      });
    },
  );

  it('Auth0 custom domain: the issuer is the custom domain, so tokens from the tenant domain do not match', () => {
    const { config } = resolvePreset(Auth0OAuth({ ...base, domain: 'login.acme.com' }));
    expect(config.issuer).toBe('https://login.acme.com/');
    expect(config.discoveryUrl).toBe('https://login.acme.com/.well-known/openid-configuration');
  });

  it('sends the API audience, letting explicit authorization params win', () => {
    expect(resolvePreset(Auth0OAuth({ ...base, domain: 'a.auth0.com', audience: 'https://api.acme.com' })).config.authorizationParams).toEqual({
      audience: 'https://api.acme.com',
    });
    const explicit = Auth0OAuth({ ...base, domain: 'a.auth0.com', audience: 'x', authorizationParams: { audience: 'y', connection: 'github' } });
    expect(resolvePreset(explicit).config.authorizationParams).toEqual({ audience: 'y', connection: 'github' });
  });

  it.each([
    [{ domain: '' }, 'domain must be a non-empty string'],
    [{ domain: 'http://acme.auth0.com' }, 'domain must be an https URL (http only for loopback hosts)'],
    [{ domain: 'https://acme.auth0.com/evil' }, 'domain must not have a path'],
    [{ domain: 'acme auth0.com' }, 'domain must be a domain name (e.g. example.okta.com) or an https URL'],
    [{ domain: 'a.auth0.com', issuer: 'https://evil.example/' }, 'unknown option "issuer"'],
  ])('reports %j at bootstrap', (extra, problem) => {
    const { problems } = resolvePreset(Auth0OAuth({ ...base, ...extra } as Auth0OAuthOptions));
    expect(problems).toContain(`test.auth0: Auth0OAuth: ${problem}`);
  });
});
