import { describe, expect, it } from '@jest/globals';
import { resolvePreset } from '../preset.spec-support.js';
import { AppleOAuth, type AppleOAuthOptions } from './apple-options.js';
import { APPLE_KEY_ID, APPLE_SERVICES_ID, APPLE_TEAM_ID } from './apple.spec-support.js';
import { pemKeyPair } from '../../testing/signing-keys.spec-support.js';

const key = pemKeyPair();
const base: AppleOAuthOptions = { clientId: APPLE_SERVICES_ID, teamId: APPLE_TEAM_ID, keyId: APPLE_KEY_ID, privateKey: key.pem };

describe('AppleOAuth', () => {
  it('fixes Apple endpoints and issuer, asks name + email with form_post, and sends no static secret', () => {
    const { config, problems } = resolvePreset(AppleOAuth(base));
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      id: 'apple',
      clientIds: [APPLE_SERVICES_ID],
      scopes: ['openid', 'name', 'email'],
      responseMode: 'form_post',
      issuer: 'https://appleid.apple.com',
      authorizationEndpoint: 'https://appleid.apple.com/auth/authorize',
      tokenEndpoint: 'https://appleid.apple.com/auth/token',
      jwksUri: 'https://appleid.apple.com/auth/keys',
      discoveryUrl: null,
      requireIssuerParameter: false,
      usePkce: true,
      useNonce: true,
      clientSecret: null,
    });
  });

  it('adds the native apps\' bundle ids as extra ID-token audiences after the Services ID', () => {
    const { config } = resolvePreset(AppleOAuth({ ...base, appBundleIds: ['com.example.ios', 'com.example.mac'] }));
    expect(config.clientIds).toEqual([APPLE_SERVICES_ID, 'com.example.ios', 'com.example.mac']);
    expect(config.primaryClientId).toBe(APPLE_SERVICES_ID);
  });

  it('accepts a key whose newlines are \\n escapes (environment variables) and uses query without name/email', () => {
    const escaped = key.pem.replace(/\n/g, '\\n');
    const { config, problems } = resolvePreset(AppleOAuth({ ...base, privateKey: escaped, scopes: ['openid'] }));
    expect(problems).toEqual([]);
    expect(config.responseMode).toBe('query');
  });

  it('reports every bad Apple option at bootstrap, never echoing the key', () => {
    const rsa = pemKeyPair('rsa').pem;
    const bad = { ...base, teamId: 'team', keyId: undefined, privateKey: rsa, responseMode: 'query', clientSecretTtlSeconds: 16_000_000, clientSecret: 'x' };
    const { problems } = resolvePreset(AppleOAuth(bad as unknown as AppleOAuthOptions));
    expect(problems).toEqual(
      expect.arrayContaining([
        'test.apple: AppleOAuth: teamId must be the 10-character id from the Apple developer portal',
        'test.apple: AppleOAuth: keyId is required',
        'test.apple: AppleOAuth: privateKey must be the PEM of a P-256 (ES256) private key',
        'test.apple: AppleOAuth: responseMode must be form_post when the name or email scope is asked (Apple requires it)',
        'test.apple: AppleOAuth: clientSecretTtlSeconds must be at most 15777000 (6 months, Apple\'s limit)',
        'test.apple: AppleOAuth: unknown option "clientSecret" (the secret is minted from teamId, keyId and privateKey)',
      ]),
    );
    expect(problems.join('\n')).not.toContain('PRIVATE KEY');
  });
});
