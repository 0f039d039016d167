import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../../errors/oauth-error.js';
import { resolveModuleOptions } from '../../module/resolve-module-options.js';
import { Problems } from '../option-checks.js';
import { resolvePreset } from '../preset.spec-support.js';
import { GOOGLE_AUTHORIZATION_URL, GOOGLE_ISSUER, GOOGLE_JWKS_URL, GOOGLE_TOKEN_URL, GOOGLE_USER_INFO_URL } from './google-endpoints.js';
import { GoogleOAuth, googlePresetSettings, type GoogleOAuthOptions } from './google-options.js';

const settingsOf = (options: GoogleOAuthOptions) => googlePresetSettings(new Problems('test'), options);

const base = { clientId: 'web-client', clientSecret: 'google-secret' };

describe('GoogleOAuth', () => {
  it('returns a google definition with the spec defaults and fixed endpoints', () => {
    const definition = GoogleOAuth(base);
    expect(definition.id).toBe('google');
    const { config, problems } = resolvePreset(definition);
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      id: 'google',
      scopes: ['openid', 'email', 'profile'],
      accessType: 'offline',
      prompt: 'consent',
      issuer: GOOGLE_ISSUER,
      discoveryUrl: null,
      authorizationEndpoint: GOOGLE_AUTHORIZATION_URL,
      tokenEndpoint: GOOGLE_TOKEN_URL,
      userinfoEndpoint: GOOGLE_USER_INFO_URL,
      jwksUri: GOOGLE_JWKS_URL,
      requireIssuerParameter: false,
      tokenEndpointAuthMethod: 'client_secret_post',
      usePkce: true,
      useNonce: true,
      codeChallengeMethod: 'S256',
      stateStrategy: 'adapter',
    });
    expect(settingsOf(base)).toEqual({ hostedDomain: null, includeGrantedScopes: true });
  });

  it('accepts several client ids: the first is primary, all are audiences', () => {
    const { config } = resolvePreset(GoogleOAuth({ ...base, clientId: ['web', 'ios', 'android'] }));
    expect(config.primaryClientId).toBe('web');
    expect(config.clientIds).toEqual(['web', 'ios', 'android']);
  });

  it('passes the shared options through and lets prompt / access type be turned off', () => {
    const options: GoogleOAuthOptions = {
      ...base,
      scopes: ['openid', 'email'],
      prompt: null,
      accessType: null,
      stateStrategy: 'cookie',
      disableSignUp: true,
      trustedForAccountLinking: true,
      hostedDomain: 'Example.COM',
      includeGrantedScopes: false,
    };
    const { config, problems } = resolvePreset(GoogleOAuth(options));
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ scopes: ['openid', 'email'], prompt: null, accessType: null, stateStrategy: 'cookie' });
    expect(config).toMatchObject({ disableSignUp: true, trustedForAccountLinking: true });
    expect(settingsOf(options)).toEqual({ hostedDomain: 'example.com', includeGrantedScopes: false });
  });

  it('reports a missing secret, a bad hosted domain, a bad flag and keys a preset does not take', () => {
    const options = {
      clientId: 'web',
      hostedDomain: 'not a domain/',
      includeGrantedScopes: 'yes',
      issuer: 'https://evil.example',
      hooks: {},
    } as unknown as GoogleOAuthOptions;
    const { problems } = resolvePreset(GoogleOAuth(options));
    expect(problems).toEqual(
      expect.arrayContaining([
        'test.google: GoogleOAuth: clientSecret is required (Google clients are confidential)',
        'test.google: GoogleOAuth: hostedDomain must be a domain name or "*"',
        'test.google: GoogleOAuth: includeGrantedScopes must be a boolean',
        'test.google: GoogleOAuth: unknown option "issuer"',
        'test.google: GoogleOAuth: unknown option "hooks"',
      ]),
    );
  });

  it('fails bootstrap with one ConfigurationError naming preset and shared problems together', () => {
    const bad = GoogleOAuth({ clientId: '', clientSecret: '  ', hostedDomain: '' });
    let error: unknown;
    try {
      resolveModuleOptions({ secret: 'x'.repeat(40), baseUrl: 'http://127.0.0.1:3000' }, [bad]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const problems = (error as ConfigurationError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('hostedDomain must be a non-empty string'),
        expect.stringContaining('clientId must be a non-empty string'),
        expect.stringContaining('clientSecret must be a non-empty string'),
      ]),
    );
    // Never echo the secret.
    expect((error as Error).message).not.toContain('google-secret');
  });
});
