import { beforeAll, describe, expect, it } from '@jest/globals';
import { jwtVerify } from 'jose';
import { jsonResponse, manualClock, routedFetch } from '../../transport/transport.spec-support.js';
import { presetDeps, tokenSet } from '../preset.spec-support.js';
import { signJwt, signingKey, type TestSigningKey } from '../../testing/signing-keys.spec-support.js';
import { AppleOAuth } from './apple-options.js';
import { APPLE_KEY_ID, APPLE_SERVICES_ID, APPLE_TEAM_ID } from './apple.spec-support.js';
import { pemKeyPair } from '../../testing/signing-keys.spec-support.js';

const clock = manualClock(new Date('2030-01-01T00:00:00Z'));
const teamKey = pemKeyPair();
let appleKey: TestSigningKey;
beforeAll(async () => {
  appleKey = await signingKey('apple-1');
});

function setup() {
  const net = routedFetch({
    'https://appleid.apple.com/auth/token': () => jsonResponse({ access_token: 'a1', token_type: 'Bearer', expires_in: 3600, refresh_token: 'r1' }),
    'https://appleid.apple.com/auth/keys': () => jsonResponse(appleKey.jwks),
  });
  const definition = AppleOAuth({
    clientId: APPLE_SERVICES_ID,
    teamId: APPLE_TEAM_ID,
    keyId: APPLE_KEY_ID,
    privateKey: teamKey.pem,
    appBundleIds: ['com.example.ios'],
  });
  return { net, strategy: definition.createStrategy(presetDeps(definition, net.fetch, clock)) };
}

const noTokens = tokenSet();

describe('AppleStrategy', () => {
  it('authenticates the code exchange with the minted ES256 client secret for the Services ID', async () => {
    const { net, strategy } = setup();
    await strategy.exchangeCode('c1', 'v'.repeat(43));
    await strategy.refresh({ ...noTokens, accessToken: 'a1', refreshToken: 'r1' });
    const bodies = await Promise.all(net.requests.map(async (request) => new URLSearchParams(await request.text())));
    expect(bodies.map((body) => body.get('client_id'))).toEqual([APPLE_SERVICES_ID, APPLE_SERVICES_ID]);
    const secret = bodies[0]?.get('client_secret') ?? '';
    await expect(jwtVerify(secret, teamKey.publicKey, { issuer: APPLE_TEAM_ID, subject: APPLE_SERVICES_ID, currentDate: clock.now() })).resolves.toBeDefined();
    // One minted secret for both requests.
    expect(bodies[1]?.get('client_secret')).toBe(secret);
  });

  it('asks for name and email with form_post and a nonce, without any network call', async () => {
    const { net, strategy } = setup();
    const url = new URL(await strategy.authorizationUrl({ state: 's', codeVerifier: 'v'.repeat(43), nonce: 'n', scopes: ['openid', 'name', 'email'] }));
    expect(net.requests).toHaveLength(0);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ response_mode: 'form_post', scope: 'openid name email', nonce: 'n', client_id: APPLE_SERVICES_ID });
  });

  it('Apple bundle id is an extra audience for direct ID-token sign-in; other audiences are refused', async () => {
    const { strategy } = setup();
    const claims = { iss: 'https://appleid.apple.com', sub: '001.abc.1', nonce: 'n' };
    const native = await signJwt(appleKey, { ...claims, aud: 'com.example.ios' }, clock.now());
    const expectations = { nonce: 'n', requireNonceClaim: true, accessToken: null };
    await expect(strategy.validateIdToken(native, expectations)).resolves.toMatchObject({ sub: '001.abc.1' });
    const foreign = await signJwt(appleKey, { ...claims, aud: 'com.evil.app' }, clock.now());
    await expect(strategy.validateIdToken(foreign, expectations)).rejects.toMatchObject({ code: 'oauth_code_verification_failed' });
  });

  it('builds the profile from the ID token and the first authorization response\'s user field', async () => {
    const { strategy } = setup();
    const user = JSON.stringify({ name: { firstName: 'Ann', lastName: 'Example' } });
    await expect(strategy.resolveProfile(noTokens, { sub: 's1', email: 'ann@example.com', email_verified: 'true' }, { user })).resolves.toMatchObject({
      providerAccountId: 's1',
      name: 'Ann Example',
      emailVerified: true,
    });
    await expect(strategy.resolveProfile(noTokens, {})).rejects.toMatchObject({ code: 'user_info_missing' });
  });
});
