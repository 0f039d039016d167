import { describe, expect, it } from '@jest/globals';
import { Problems } from '../option-checks.js';
import { resolvePreset } from '../preset.spec-support.js';
import { MicrosoftOAuth, microsoftPresetSettings, type MicrosoftOAuthOptions } from './microsoft-options.js';

const settingsOf = (options: MicrosoftOAuthOptions) => microsoftPresetSettings(new Problems('test'), options);

describe('MicrosoftOAuth', () => {
  it('defaults to the common tenant: tenant endpoints, Graph userinfo, no fixed issuer, query mode, public client', () => {
    const definition = MicrosoftOAuth({ clientId: 'app', clientType: 'public' });
    expect(definition.id).toBe('microsoft');
    const { config, problems } = resolvePreset(definition);
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      scopes: ['openid', 'profile', 'email', 'offline_access', 'User.Read'],
      authorizationEndpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
      tokenEndpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
      jwksUri: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
      userinfoEndpoint: 'https://graph.microsoft.com/oidc/userinfo',
      discoveryUrl: null,
      issuer: null,
      responseMode: 'query',
      prompt: null,
      accessType: null,
      clientSecret: null,
      tokenEndpointAuthMethod: 'none',
    });
    expect(settingsOf({ clientId: 'app' })).toEqual({
      tenant: 'common',
      authority: 'https://login.microsoftonline.com',
      disableProfilePhoto: false,
      profilePhotoSize: 48,
      allowedTenants: null,
    });
  });

  it('regression: a client whose secret is missing does not silently become public (fails naming the provider)', () => {
    const { config, problems } = resolvePreset(MicrosoftOAuth({ clientId: 'app' }));
    expect(problems).toEqual([expect.stringMatching(/^[\w.]*microsoft: clientSecret is missing: give it, or declare a public client with clientType: 'public'$/)]);
    expect(config.tokenEndpointAuthMethod).toBe('none');
  });

  it('refuses a secret on a client declared public', () => {
    const { problems } = resolvePreset(MicrosoftOAuth({ clientId: 'app', clientSecret: 's', clientType: 'public' }));
    expect(problems).toEqual([expect.stringContaining('microsoft: clientSecret is set on a public client')]);
  });

  it('builds single-tenant endpoints and issuer under an authority with a path prefix', () => {
    const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const options: MicrosoftOAuthOptions = {
      clientId: 'app',
      clientSecret: 'secret',
      tenant: ` ${tenant} `,
      authority: 'https://login.example.test/prefix/?x=1',
      responseMode: 'form_post',
      profilePhotoSize: 240,
      allowedTenants: [tenant.toUpperCase()],
    };
    const { config, problems } = resolvePreset(MicrosoftOAuth(options));
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      authorizationEndpoint: `https://login.example.test/prefix/${tenant}/oauth2/v2.0/authorize`,
      issuer: `https://login.example.test/prefix/${tenant}/v2.0`,
      responseMode: 'form_post',
      tokenEndpointAuthMethod: 'client_secret_post',
    });
    expect(settingsOf(options)).toMatchObject({ profilePhotoSize: 240, allowedTenants: [tenant] });
  });

  it.each(['organizations', 'consumers'])('has no fixed issuer for the %s endpoint', (tenant) => {
    expect(resolvePreset(MicrosoftOAuth({ clientId: 'app', clientType: 'public', tenant })).config.issuer).toBeNull();
  });

  it('reports every bad preset option at bootstrap', () => {
    const options = {
      clientId: 'app',
      tenant: '../evil',
      authority: 'http://login.example.com',
      profilePhotoSize: 50,
      disableProfilePhoto: 'no',
      allowedTenants: ['contoso.onmicrosoft.com'],
      tokenEndpoint: 'https://evil.example/token',
    } as unknown as MicrosoftOAuthOptions;
    const { problems, config } = resolvePreset(MicrosoftOAuth(options));
    expect(problems).toEqual(
      expect.arrayContaining([
        'test.microsoft: MicrosoftOAuth: tenant must be a tenant id, a domain name, common, organizations or consumers',
        'test.microsoft: MicrosoftOAuth: authority must be an https URL (http only for loopback hosts)',
        'test.microsoft: MicrosoftOAuth: profilePhotoSize must be one of 48, 64, 96, 120, 240, 360, 432, 504, 648',
        'test.microsoft: MicrosoftOAuth: disableProfilePhoto must be a boolean',
        'test.microsoft: MicrosoftOAuth: allowedTenants must be a non-empty list of tenant GUIDs',
        'test.microsoft: MicrosoftOAuth: unknown option "tokenEndpoint"',
      ]),
    );
    // The rejected values never reach the endpoints.
    expect(config.tokenEndpoint).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/token');
  });
});
