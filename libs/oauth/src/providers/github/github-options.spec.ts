import { describe, expect, it } from '@jest/globals';
import { resolvePreset } from '../preset.spec-support.js';
import { GitHubOAuth, type GitHubOAuthOptions } from './github-options.js';

const base = { clientId: 'Iv1.8a61f9b3a7aba766', clientSecret: 'github-secret' };

describe('GitHubOAuth', () => {
  it('returns a github definition with fixed github.com endpoints, safe defaults and no discovery', () => {
    const definition = GitHubOAuth(base);
    expect(definition.id).toBe('github');
    const { config, problems } = resolvePreset(definition);
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      id: 'github',
      scopes: ['read:user', 'user:email'],
      discoveryUrl: null,
      issuer: null,
      authorizationEndpoint: 'https://github.com/login/oauth/authorize',
      tokenEndpoint: 'https://github.com/login/oauth/access_token',
      userinfoEndpoint: null,
      jwksUri: null,
      tokenEndpointAuthMethod: 'client_secret_post',
      usePkce: true,
      codeChallengeMethod: 'S256',
      disableIdTokenSignIn: true,
      requireIssuerParameter: false,
      allowImplicitAccountLinking: true,
      trustedForAccountLinking: false,
    });
  });

  it('points every endpoint at a GitHub Enterprise Server when enterpriseUrl is set', () => {
    const { config, problems } = resolvePreset(GitHubOAuth({ ...base, enterpriseUrl: 'https://github.example.com/?x=1' }));
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      authorizationEndpoint: 'https://github.example.com/login/oauth/authorize',
      tokenEndpoint: 'https://github.example.com/login/oauth/access_token',
    });
  });

  it('reports a missing secret, an insecure enterprise URL and options a preset does not take', () => {
    const options = { clientId: 'x', enterpriseUrl: 'http://github.example.com', issuer: 'https://evil.example' } as unknown as GitHubOAuthOptions;
    const { problems } = resolvePreset(GitHubOAuth(options));
    expect(problems).toEqual(
      expect.arrayContaining([
        'test.github: GitHubOAuth: clientSecret is required (GitHub clients are confidential)',
        'test.github: GitHubOAuth: enterpriseUrl must be an https URL (http only for loopback hosts)',
        'test.github: GitHubOAuth: unknown option "issuer"',
      ]),
    );
  });
});
