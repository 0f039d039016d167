import { beforeAll, describe, expect, it } from '@jest/globals';
import type { JWTPayload } from 'jose';
import { OAuthError } from '../../errors/oauth-error.js';
import { jsonResponse, manualClock, routedFetch } from '../../transport/transport.spec-support.js';
import type { OAuthTokenSet } from '../../transport/token-set.js';
import type { ProviderStrategy } from '../provider-strategy.js';
import { presetDeps, tokenSet } from '../preset.spec-support.js';
import { signJwt, signingKey, type TestSigningKey } from '../../testing/signing-keys.spec-support.js';
import { GOOGLE_JWKS_URL, GOOGLE_USER_INFO_URL } from './google-endpoints.js';
import { GoogleOAuth, type GoogleOAuthOptions } from './google-options.js';

const clock = manualClock(new Date('2030-01-01T00:00:00Z'));
let key: TestSigningKey;
beforeAll(async () => {
  key = await signingKey();
});

const tokens = (accessToken: string | null): OAuthTokenSet => tokenSet({ accessToken, tokenType: 'Bearer' });

function setup(options: Partial<GoogleOAuthOptions> = {}, userinfo: Record<string, unknown> = {}) {
  const net = routedFetch({
    [GOOGLE_JWKS_URL]: () => jsonResponse(key.jwks),
    [GOOGLE_USER_INFO_URL]: () => jsonResponse(userinfo),
  });
  const definition = GoogleOAuth({ clientId: ['web', 'ios'], clientSecret: 'secret', ...options });
  return { net, strategy: definition.createStrategy(presetDeps(definition, net.fetch, clock)) };
}

const claims = (extra: JWTPayload = {}): JWTPayload => ({
  iss: 'https://accounts.google.com',
  aud: 'web',
  sub: '1234567890',
  email: 'ann@example.com',
  email_verified: true,
  nonce: 'n-1',
  ...extra,
});

async function validate(strategy: ProviderStrategy, extra: JWTPayload = {}): Promise<JWTPayload> {
  const idToken = await signJwt(key, claims(extra), clock.now());
  return strategy.validateIdToken(idToken, { nonce: 'n-1', requireNonceClaim: false, accessToken: null });
}

describe('GoogleStrategy authorization URL', () => {
  it('is built without any network call and carries the Google defaults', async () => {
    const { net, strategy } = setup({ hostedDomain: 'example.com' });
    const url = new URL(
      await strategy.authorizationUrl({ state: 's', codeVerifier: 'v'.repeat(43), nonce: 'n', scopes: ['openid', 'email', 'profile'] }),
    );
    expect(net.requests).toHaveLength(0);
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'web',
      scope: 'openid email profile',
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: 'true',
      hd: 'example.com',
      code_challenge_method: 'S256',
      nonce: 'n',
    });
  });

  it('lets configured authorization params win over the preset defaults', async () => {
    const { strategy } = setup({
      hostedDomain: 'example.com',
      includeGrantedScopes: true,
      authorizationParams: { hd: 'other.example', include_granted_scopes: 'false' },
    });
    const url = new URL(await strategy.authorizationUrl({ state: 's', codeVerifier: null, nonce: null, scopes: ['openid'] }));
    expect(url.searchParams.get('hd')).toBe('other.example');
    expect(url.searchParams.get('include_granted_scopes')).toBe('false');
  });

  it('omits include_granted_scopes and hd when not configured', async () => {
    const { strategy } = setup({ includeGrantedScopes: false });
    const url = new URL(await strategy.authorizationUrl({ state: 's', codeVerifier: null, nonce: null, scopes: ['openid'] }));
    expect(url.searchParams.has('include_granted_scopes')).toBe(false);
    expect(url.searchParams.has('hd')).toBe(false);
  });
});

describe('GoogleStrategy issuer checks', () => {
  it('accepts the iss callback parameter in both spellings and nothing else', async () => {
    const { strategy } = setup();
    const metadata = await strategy.metadata();
    expect(strategy.expectedIssuer(metadata)).toBe('https://accounts.google.com');
    expect(strategy.issuerParameterMatches('https://accounts.google.com', metadata)).toBe(true);
    expect(strategy.issuerParameterMatches('accounts.google.com', metadata)).toBe(true);
    expect(strategy.issuerParameterMatches('https://accounts.google.com.evil.example', metadata)).toBe(false);
    expect(strategy.issuerParameterRequired(metadata)).toBe(false);
  });

  it.each(['https://accounts.google.com', 'accounts.google.com'])('accepts ID tokens issued as %s', async (iss) => {
    const { strategy } = setup();
    await expect(validate(strategy, { iss })).resolves.toMatchObject({ iss, sub: '1234567890' });
  });

  it('rejects an ID token with a forged issuer', async () => {
    const { strategy } = setup();
    await expect(validate(strategy, { iss: 'https://evil.example' })).rejects.toMatchObject({ check: 'iss' });
  });

  it('accepts every configured client id as audience (iOS / Android apps) and no other', async () => {
    const { strategy } = setup();
    await expect(validate(strategy, { aud: 'ios', azp: 'ios' })).resolves.toMatchObject({ aud: 'ios' });
    await expect(validate(strategy, { aud: 'someone-else' })).rejects.toMatchObject({ check: 'aud' });
  });
});

describe('GoogleStrategy hosted domain', () => {
  it('accepts a matching hd claim (case-insensitive)', async () => {
    const { strategy } = setup({ hostedDomain: 'example.com' });
    await expect(validate(strategy, { hd: 'Example.com' })).resolves.toMatchObject({ hd: 'Example.com' });
  });

  it.each([
    ['another domain', { hd: 'evil.example' }],
    ['no hd claim (consumer account)', {}],
  ])('rejects %s even though the URL asked for the domain', async (_label, extra) => {
    const { strategy } = setup({ hostedDomain: 'example.com' });
    const error = await validate(strategy, extra).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ code: 'oauth_code_verification_failed' });
  });

  it('with "*" accepts any Workspace domain but not consumer accounts', async () => {
    const { strategy } = setup({ hostedDomain: '*' });
    await expect(validate(strategy, { hd: 'anything.example' })).resolves.toBeDefined();
    await expect(validate(strategy, {})).rejects.toMatchObject({ code: 'oauth_code_verification_failed' });
  });

  it('enforces the domain on a userinfo-only profile too', async () => {
    const { strategy } = setup({ hostedDomain: 'example.com' }, { sub: '1', email: 'a@gmail.com', email_verified: true });
    await expect(strategy.resolveProfile(tokens('at'), {})).rejects.toMatchObject({ code: 'oauth_code_verification_failed' });
  });
});

describe('GoogleStrategy profile', () => {
  it('maps verified ID-token claims without calling userinfo', async () => {
    const { net, strategy } = setup();
    const verified = await validate(strategy, { name: 'Ann', picture: 'https://lh3.example/a.png' });
    const user = await strategy.resolveProfile(tokens('at'), verified);
    expect(user).toMatchObject({
      providerAccountId: '1234567890',
      email: 'ann@example.com',
      emailVerified: true,
      name: 'Ann',
      image: 'https://lh3.example/a.png',
    });
    expect(net.count(GOOGLE_USER_INFO_URL)).toBe(0);
  });

  it('falls back to userinfo without claims, reading the legacy verified_email', async () => {
    const { net, strategy } = setup({}, { sub: '42', email: 'bob@example.com', verified_email: true, name: 'Bob' });
    const user = await strategy.resolveProfile(tokens('at'), {});
    expect(user).toMatchObject({ providerAccountId: '42', email: 'bob@example.com', emailVerified: true, name: 'Bob' });
    expect(net.count(GOOGLE_USER_INFO_URL)).toBe(1);
    const request = net.requests[0];
    expect(request?.headers.get('authorization')).toBe('Bearer at');
  });

  it('prefers email_verified over verified_email and treats absence as unverified', async () => {
    const both = setup({}, { sub: '1', email: 'c@example.com', email_verified: false, verified_email: true });
    await expect(both.strategy.resolveProfile(tokens('at'), {})).resolves.toMatchObject({ emailVerified: false });
    const none = setup({}, { sub: '1', email: 'c@example.com' });
    await expect(none.strategy.resolveProfile(tokens('at'), {})).resolves.toMatchObject({ emailVerified: false });
  });

  it('identifies users by sub only: a legacy id is not an account key', async () => {
    const { strategy } = setup({}, { id: '99', email: 'd@example.com', verified_email: true });
    await expect(strategy.resolveProfile(tokens('at'), {})).rejects.toMatchObject({ code: 'user_info_missing' });
  });

  it('refuses a wrongly typed email_verified instead of guessing', async () => {
    const { strategy } = setup({}, { sub: '1', email: 'e@example.com', email_verified: 'true' });
    await expect(strategy.resolveProfile(tokens('at'), {})).rejects.toMatchObject({ code: 'user_info_missing' });
  });
});
