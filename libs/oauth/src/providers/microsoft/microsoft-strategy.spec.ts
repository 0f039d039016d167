import { beforeAll, describe, expect, it } from '@jest/globals';
import type { JWTPayload } from 'jose';
import { jsonResponse, manualClock, routedFetch, type RouteHandler } from '../../transport/transport.spec-support.js';
import type { OAuthTokenSet } from '../../transport/token-set.js';
import { presetDeps, tokenSet } from '../preset.spec-support.js';
import { signJwt, signingKey, type TestSigningKey } from '../../testing/signing-keys.spec-support.js';
import type { ProviderStrategy } from '../provider-strategy.js';
import { MICROSOFT_USER_INFO_URL } from './microsoft-endpoints.js';
import { MicrosoftOAuth, type MicrosoftOAuthOptions } from './microsoft-options.js';
import { CONSUMER_TENANT_ID } from './microsoft-tenant.js';

const AUTHORITY = 'https://login.microsoftonline.com';
const TID = '11111111-2222-3333-4444-555555555555';
const OTHER_TID = '99999999-8888-7777-6666-555555555555';
const PHOTO_48 = 'https://graph.microsoft.com/v1.0/me/photos/48x48/$value';
const PHOTO_BYTES = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const clock = manualClock(new Date('2030-01-01T00:00:00Z'));
let key: TestSigningKey;
beforeAll(async () => {
  key = await signingKey();
});

const tokens = (overrides: Partial<OAuthTokenSet> = {}): OAuthTokenSet =>
  tokenSet({ accessToken: 'at', tokenType: 'Bearer', refreshToken: 'rt', ...overrides });

function setup(options: Partial<MicrosoftOAuthOptions> = {}, routes: Record<string, RouteHandler> = {}) {
  const tenant = options.tenant ?? 'common';
  const net = routedFetch({
    [`${AUTHORITY}/${tenant}/discovery/v2.0/keys`]: () => jsonResponse(key.jwks),
    [MICROSOFT_USER_INFO_URL]: () => jsonResponse({ sub: 'sub-1', name: 'Graph Name', email: 'ann@contoso.test' }),
    [PHOTO_48]: () => new Response(PHOTO_BYTES, { headers: { 'content-type': 'image/jpeg' } }),
    [`${AUTHORITY}/${tenant}/oauth2/v2.0/token`]: () => jsonResponse({ access_token: 'at-2', token_type: 'Bearer', expires_in: 3600 }),
    ...routes,
  });
  const definition = MicrosoftOAuth({ clientId: 'app', clientType: 'public', ...options });
  return { net, strategy: definition.createStrategy(presetDeps(definition, net.fetch, clock)) };
}

async function validate(strategy: ProviderStrategy, claims: JWTPayload): Promise<JWTPayload> {
  const idToken = await signJwt(key, { aud: 'app', sub: 'sub-1', tid: TID, iss: `${AUTHORITY}/${TID}/v2.0`, ...claims }, clock.now());
  return strategy.validateIdToken(idToken, { nonce: null, requireNonceClaim: false, accessToken: null });
}

describe('MicrosoftStrategy ID-token issuer (multi-tenant)', () => {
  it('accepts a token whose iss is built from its own tid', async () => {
    const { strategy } = setup();
    await expect(validate(strategy, {})).resolves.toMatchObject({ tid: TID });
  });

  it.each([
    ['an iss of another tenant than tid', { iss: `${AUTHORITY}/${OTHER_TID}/v2.0` }],
    ['a forged iss host', { iss: `https://evil.example/${TID}/v2.0` }],
    ['the {tenantid} template itself', { iss: `${AUTHORITY}/{tenantid}/v2.0` }],
    ['no tid claim', { tid: undefined }],
    ['a tid that is not a GUID', { tid: 'contoso.test', iss: `${AUTHORITY}/contoso.test/v2.0` }],
  ])('rejects %s', async (_label, claims) => {
    const { strategy } = setup();
    await expect(validate(strategy, claims)).rejects.toMatchObject({ code: 'oauth_code_verification_failed', check: 'iss' });
  });

  it('enforces allowedTenants on the verified tid', async () => {
    const { strategy } = setup({ allowedTenants: [OTHER_TID] });
    await expect(validate(strategy, {})).rejects.toMatchObject({ check: 'iss' });
    const other = { tid: OTHER_TID, iss: `${AUTHORITY}/${OTHER_TID}/v2.0` };
    await expect(validate(strategy, other)).resolves.toMatchObject({ tid: OTHER_TID });
  });

  it('lets only personal accounts through the consumers endpoint', async () => {
    const { strategy } = setup({ tenant: 'consumers' });
    await expect(validate(strategy, {})).rejects.toMatchObject({ check: 'iss' });
    const msa = { tid: CONSUMER_TENANT_ID, iss: `${AUTHORITY}/${CONSUMER_TENANT_ID}/v2.0` };
    await expect(validate(strategy, msa)).resolves.toBeDefined();
  });

  it('requires the exact issuer of a single tenant', async () => {
    const { strategy } = setup({ tenant: TID });
    await expect(validate(strategy, {})).resolves.toBeDefined();
    await expect(validate(strategy, { tid: OTHER_TID, iss: `${AUTHORITY}/${OTHER_TID}/v2.0` })).rejects.toMatchObject({ check: 'iss' });
    const metadata = await strategy.metadata();
    expect(strategy.expectedIssuer(metadata)).toBe(`${AUTHORITY}/${TID}/v2.0`);
    expect(strategy.issuerParameterMatches(`${AUTHORITY}/${TID}/v2.0`, metadata)).toBe(true);
    expect(strategy.issuerParameterMatches(`${AUTHORITY}/${OTHER_TID}/v2.0`, metadata)).toBe(false);
  });

  it('checks the iss callback parameter when present on multi-tenant endpoints', async () => {
    const { strategy } = setup();
    const metadata = await strategy.metadata();
    expect(strategy.expectedIssuer(metadata)).not.toBeNull();
    expect(strategy.issuerParameterRequired(metadata)).toBe(false);
    expect(strategy.issuerParameterMatches(`${AUTHORITY}/${TID}/v2.0`, metadata)).toBe(true);
    expect(strategy.issuerParameterMatches('https://evil.example/v2.0', metadata)).toBe(false);
  });
});

describe('MicrosoftStrategy profile', () => {
  const claims = { sub: 'sub-1', tid: TID, preferred_username: 'ann@contoso.test', name: 'Token Name' };

  it('overlays Graph userinfo on the claims and adds the photo as a data URL', async () => {
    const { net, strategy } = setup();
    const user = await strategy.resolveProfile(tokens(), claims);
    expect(user).toMatchObject({ providerAccountId: 'sub-1', name: 'Graph Name', email: 'ann@contoso.test', emailVerified: false });
    expect(user.image).toBe(`data:image/jpeg;base64,${PHOTO_BYTES.toString('base64')}`);
    const photoRequest = net.requests.find((request) => request.url.includes('/photos/'));
    expect(photoRequest?.headers.get('authorization')).toBe('Bearer at');
  });

  it('uses the configured photo size, or no photo at all', async () => {
    const sized = setup({ profilePhotoSize: 96 }, {
      'https://graph.microsoft.com/v1.0/me/photos/96x96/$value': () => new Response(PHOTO_BYTES, { headers: { 'content-type': 'image/png' } }),
    });
    await expect(sized.strategy.resolveProfile(tokens(), claims)).resolves.toMatchObject({
      image: expect.stringMatching(/^data:image\/png;base64,/),
    });
    const off = setup({ disableProfilePhoto: true });
    await expect(off.strategy.resolveProfile(tokens(), claims)).resolves.toMatchObject({ image: null });
    expect(off.net.requests.some((request) => request.url.includes('/photos/'))).toBe(false);
  });

  it('ignores a missing photo and photos that are not raster images', async () => {
    const missing = setup({}, { [PHOTO_48]: () => new Response('', { status: 404 }) });
    await expect(missing.strategy.resolveProfile(tokens(), claims)).resolves.toMatchObject({ image: null });
    const svg = setup({}, { [PHOTO_48]: () => new Response('<svg/>', { headers: { 'content-type': 'image/svg+xml' } }) });
    await expect(svg.strategy.resolveProfile(tokens(), claims)).resolves.toMatchObject({ image: null });
  });

  it('ignores a userinfo failure when the ID token gave a profile, raises it otherwise', async () => {
    const down = { [MICROSOFT_USER_INFO_URL]: () => new Response('nope', { status: 500 }) };
    const withClaims = setup({}, down);
    await expect(withClaims.strategy.resolveProfile(tokens(), claims)).resolves.toMatchObject({ name: 'Token Name' });
    const without = setup({}, down);
    await expect(without.strategy.resolveProfile(tokens(), {})).rejects.toMatchObject({
      code: 'user_info_missing',
      message: 'failed to fetch provider user info',
    });
    const notObject = setup({}, { [MICROSOFT_USER_INFO_URL]: () => jsonResponse([1, 2]) });
    await expect(notObject.strategy.resolveProfile(tokens(), {})).rejects.toMatchObject({
      message: 'provider user info missing profile data',
    });
  });

  it('refuses Graph userinfo for another subject than the ID token', async () => {
    const { strategy } = setup({}, { [MICROSOFT_USER_INFO_URL]: () => jsonResponse({ sub: 'someone-else' }) });
    await expect(strategy.resolveProfile(tokens(), claims)).rejects.toMatchObject({ code: 'user_info_missing' });
  });

  it('with allowedTenants refuses a profile whose tenant was not verified by an ID token', async () => {
    const { strategy } = setup({ allowedTenants: [TID] });
    await expect(strategy.resolveProfile(tokens(), {})).rejects.toMatchObject({ code: 'oauth_code_verification_failed' });
    await expect(strategy.resolveProfile(tokens(), claims)).resolves.toMatchObject({ providerAccountId: 'sub-1' });
  });

  it('without an access token maps the claims alone and calls nothing', async () => {
    const { net, strategy } = setup();
    await expect(strategy.resolveProfile(tokens({ accessToken: null }), claims)).resolves.toMatchObject({ name: 'Token Name' });
    expect(net.requests).toHaveLength(0);
  });
});

describe('MicrosoftStrategy refresh', () => {
  async function refreshBody(options: Partial<MicrosoftOAuthOptions>, current: OAuthTokenSet): Promise<URLSearchParams> {
    const { net, strategy } = setup(options);
    const refreshed = await strategy.refresh(current);
    expect(refreshed.accessToken).toBe('at-2');
    const request = net.requests.find((r) => r.url.endsWith('/token'));
    return new URLSearchParams(await request?.text());
  }

  it('sends the stored scope', async () => {
    const body = await refreshBody({}, tokens({ scope: 'openid User.Read' }));
    expect(body.get('grant_type')).toBe('refresh_token');
    expect(body.get('scope')).toBe('openid User.Read');
  });

  it('falls back to the configured scopes, de-duplicated', async () => {
    const body = await refreshBody({ scopes: ['openid', 'User.Read', 'openid'] }, tokens());
    expect(body.get('scope')).toBe('openid User.Read');
  });

  it('keeps a scope given in tokenParams', async () => {
    const body = await refreshBody({ tokenParams: { scope: 'Mail.Read' } }, tokens({ scope: 'openid' }));
    expect(body.get('scope')).toBe('Mail.Read');
  });

  it('needs a refresh token before anything is sent', async () => {
    const { net, strategy } = setup();
    await expect(strategy.refresh(tokens({ refreshToken: null }))).rejects.toMatchObject({ code: 'refresh_token_missing' });
    expect(net.requests).toHaveLength(0);
  });
});
