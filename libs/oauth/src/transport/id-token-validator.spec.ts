import { createHash, createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { exportSPKI, SignJWT, UnsecuredJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { signingKey } from '../testing/signing-keys.spec-support.js';
import {
  accessTokenHash,
  asymmetricAlgorithms,
  idTokenAlgorithms,
  validateIdToken,
  type IdTokenValidationOptions,
} from './id-token-validator.js';
import { JwksCache } from './jwks-cache.js';
import { httpWith, jsonResponse, manualClock, routedFetch } from './transport.spec-support.js';
import { IdTokenValidationError, type IdTokenCheck } from '../errors/transport-errors.js';

const ISSUER = 'https://idp.example.com';
const JWKS_URI = `${ISSUER}/jwks`;
const NOW = new Date('2030-01-01T00:00:00Z');
const NOW_SEC = NOW.getTime() / 1000;

let rsaPrivate: CryptoKey;
let rsaPublicJwk: JWK;
let rsaPublicPem: string;
let ecPrivate: CryptoKey;
let ecPublicJwk: JWK;
let otherRsaPrivate: CryptoKey;
let jwks: JwksCache;

beforeAll(async () => {
  const [rsa, ec, other] = await Promise.all([signingKey('rsa-1'), signingKey('ec-1', 'ES256'), signingKey('other')]);
  rsaPrivate = rsa.privateKey;
  rsaPublicJwk = rsa.publicJwk;
  rsaPublicPem = await exportSPKI(rsa.publicKey);
  ecPrivate = ec.privateKey;
  ecPublicJwk = ec.publicJwk;
  otherRsaPrivate = other.privateKey;
  const net = routedFetch({ [JWKS_URI]: () => jsonResponse({ keys: [rsaPublicJwk, ecPublicJwk] }) });
  jwks = new JwksCache(JWKS_URI, httpWith(net.fetch), manualClock(NOW));
});

function claims(overrides: Record<string, unknown> = {}): JWTPayload {
  const base: Record<string, unknown> = {
    iss: ISSUER,
    sub: 'user-42',
    aud: 'client-1',
    exp: NOW_SEC + 600,
    iat: NOW_SEC - 10,
    nonce: 'nonce-1',
    ...overrides,
  };
  // `undefined` in overrides removes the claim.
  return Object.fromEntries(Object.entries(base).filter(([, value]) => value !== undefined));
}

function sign(
  payload: JWTPayload,
  options: { alg?: string; kid?: string | null; key?: CryptoKey; typ?: string } = {},
): Promise<string> {
  const alg = options.alg ?? 'RS256';
  const kid = options.kid === undefined ? (alg === 'ES256' ? 'ec-1' : 'rsa-1') : options.kid;
  const header = { alg, ...(kid === null ? {} : { kid }), ...(options.typ === undefined ? {} : { typ: options.typ }) };
  return new SignJWT(payload).setProtectedHeader(header).sign(options.key ?? (alg === 'ES256' ? ecPrivate : rsaPrivate));
}

function options(overrides: Partial<IdTokenValidationOptions> = {}): IdTokenValidationOptions {
  return {
    jwks,
    algorithms: ['RS256', 'ES256'],
    expectedIssuer: () => ISSUER,
    acceptedClientIds: ['client-1', 'client-ios'],
    trustedAudiences: [],
    maxAgeSec: null,
    nonce: 'nonce-1',
    requireNonceClaim: false,
    accessToken: null,
    now: NOW,
    clockToleranceSec: 120,
    ...overrides,
  };
}

async function rejectedWith(token: string, check: IdTokenCheck, overrides: Partial<IdTokenValidationOptions> = {}) {
  const error: unknown = await validateIdToken(token, options(overrides)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IdTokenValidationError);
  expect((error as IdTokenValidationError).check).toBe(check);
  if (token.length > 20) {
    expect((error as Error).message).not.toContain(token);
  }
  expect((error as IdTokenValidationError).code).toBe('oauth_code_verification_failed');
}

describe('validateIdToken: signature and algorithm', () => {
  it('accepts a valid RS256 token and returns its claims', async () => {
    const payload = await validateIdToken(await sign(claims()), options());
    expect(payload).toMatchObject({ sub: 'user-42', iss: ISSUER });
  });

  it('accepts a valid ES256 token', async () => {
    await expect(validateIdToken(await sign(claims(), { alg: 'ES256' }), options())).resolves.toHaveProperty('sub', 'user-42');
  });

  it('rejects alg "none" even when listed', async () => {
    const unsigned = new UnsecuredJWT(claims()).encode();
    await rejectedWith(unsigned, 'alg', { algorithms: ['none', 'RS256'] });
  });

  it('rejects HS256 signed with the RSA public key as secret, even when HS256 is listed', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'rsa-1' })).toString('base64url');
    const body = Buffer.from(JSON.stringify(claims())).toString('base64url');
    const mac = createHmac('sha256', rsaPublicPem).update(`${header}.${body}`).digest('base64url');
    await rejectedWith(`${header}.${body}.${mac}`, 'alg', { algorithms: ['HS256', 'RS256'] });
  });

  it('rejects an algorithm that is not in the list', async () => {
    await rejectedWith(await sign(claims(), { alg: 'ES256' }), 'alg', { algorithms: ['RS256'] });
  });

  it('defaults to RS256 when the list is empty', async () => {
    await expect(validateIdToken(await sign(claims()), options({ algorithms: [] }))).resolves.toBeDefined();
    await rejectedWith(await sign(claims(), { alg: 'ES256' }), 'alg', { algorithms: [] });
  });

  it('rejects a token signed by another key under a known kid', async () => {
    await rejectedWith(await sign(claims(), { key: otherRsaPrivate }), 'signature');
  });

  it('rejects a token whose payload was altered after signing', async () => {
    const [header, , signature] = (await sign(claims())).split('.');
    const forged = Buffer.from(JSON.stringify(claims({ sub: 'admin' }))).toString('base64url');
    await rejectedWith(`${header}.${forged}.${signature}`, 'signature');
  });

  it.each(['not-a-jwt', 'a.b', '..', ''])('rejects the malformed token %p', async (token) => {
    await rejectedWith(token, 'malformed');
  });

  it('rejects an unknown kid', async () => {
    await rejectedWith(await sign(claims(), { kid: 'unknown' }), 'kid');
  });

  it('fails with check "jwks" when the provider has no key source', async () => {
    await rejectedWith(await sign(claims()), 'jwks', { jwks: null });
  });

  it('uses inline keys without any network', async () => {
    const token = await sign(claims(), { kid: null });
    await expect(validateIdToken(token, options({ jwks: null, inlineJwks: { keys: [rsaPublicJwk] } }))).resolves.toBeDefined();
  });
});

describe('validateIdToken: claims', () => {
  it('requires an issuer equal to the expected one, computed from the claims', async () => {
    const tenantIssuer = (c: JWTPayload) => `https://login.example.com/${String(c['tid'])}/v2.0`;
    const good = claims({ iss: 'https://login.example.com/t1/v2.0', tid: 't1' });
    await expect(validateIdToken(await sign(good), options({ expectedIssuer: tenantIssuer }))).resolves.toBeDefined();
    await rejectedWith(await sign(claims({ iss: 'https://evil.example.com' })), 'iss');
    await rejectedWith(await sign(claims({ iss: undefined })), 'iss');
  });

  it('accepts any non-empty issuer when none is expected, but still requires one', async () => {
    const anyIssuer = { expectedIssuer: () => null };
    await expect(validateIdToken(await sign(claims({ iss: 'https://x.example.com' })), options(anyIssuer))).resolves.toBeDefined();
    await rejectedWith(await sign(claims({ iss: '' })), 'iss', anyIssuer);
    await rejectedWith(await sign(claims({ iss: undefined })), 'iss', anyIssuer);
  });

  it('accepts any configured client id in aud, as a string or in an array with our azp', async () => {
    await expect(validateIdToken(await sign(claims({ aud: 'client-ios' })), options())).resolves.toBeDefined();
    await expect(validateIdToken(await sign(claims({ aud: ['client-ios', 'client-1'], azp: 'client-1' })), options())).resolves.toBeDefined();
  });

  it('rejects a token for another audience or without aud', async () => {
    await rejectedWith(await sign(claims({ aud: 'someone-else' })), 'aud');
    await rejectedWith(await sign(claims({ aud: ['a', 'b'] })), 'aud');
    await rejectedWith(await sign(claims({ aud: undefined })), 'aud');
  });

  it('attack: a token minted for another relying party that also lists us is refused (untrusted audience), with or without azp', async () => {
    await rejectedWith(await sign(claims({ aud: ['client-1', 'other-rp'] })), 'aud');
    await rejectedWith(await sign(claims({ aud: ['client-1', 'other-rp'], azp: 'client-1' })), 'aud');
    await rejectedWith(await sign(claims({ aud: ['client-1', 'other-rp'], azp: 'other-rp' })), 'aud');
  });

  it('trustedAudiences may appear next to ours, but several audiences need our azp (OIDC Core 3.1.3.7 #4)', async () => {
    const trusted = { trustedAudiences: ['https://api.example'] };
    await expect(validateIdToken(await sign(claims({ aud: ['client-1', 'https://api.example'], azp: 'client-1' })), options(trusted))).resolves.toBeDefined();
    await rejectedWith(await sign(claims({ aud: ['client-1', 'https://api.example'] })), 'azp', trusted);
    await rejectedWith(await sign(claims({ aud: ['client-1', 'https://api.example'], azp: 'https://api.example' })), 'azp', trusted);
    // A trusted audience alone never makes the token ours.
    await rejectedWith(await sign(claims({ aud: 'https://api.example' })), 'aud', trusted);
  });

  it('checks azp when present on a single audience', async () => {
    await expect(validateIdToken(await sign(claims({ azp: 'client-ios' })), options())).resolves.toBeDefined();
    await rejectedWith(await sign(claims({ azp: 'someone-else' })), 'azp');
  });

  it.each(['at+jwt', 'logout+jwt', 'application/at+jwt', 'secevent+jwt'])('attack: token confusion, a JWT of typ %s is not an ID token', async (typ) => {
    await rejectedWith(await sign(claims(), { typ }), 'typ');
  });

  it('accepts typ JWT in any case, or no typ', async () => {
    await expect(validateIdToken(await sign(claims(), { typ: 'JWT' }), options())).resolves.toBeDefined();
    await expect(validateIdToken(await sign(claims(), { typ: 'jwt' }), options())).resolves.toBeDefined();
    await expect(validateIdToken(await sign(claims()), options())).resolves.toBeDefined();
  });

  it('attack: a back-channel logout token (events claim) is not an ID token', async () => {
    const events = { 'http://schemas.openid.net/event/backchannel-logout': {} };
    await rejectedWith(await sign(claims({ events, nonce: undefined })), 'events', { nonce: null });
  });

  it('idTokenMaxAgeSec refuses an old iat (a long-lived leaked token), tolerance included', async () => {
    await rejectedWith(await sign(claims({ iat: NOW_SEC - 400 })), 'iat', { maxAgeSec: 60 });
    await expect(validateIdToken(await sign(claims({ iat: NOW_SEC - 150 })), options({ maxAgeSec: 60 }))).resolves.toBeDefined();
    await expect(validateIdToken(await sign(claims({ iat: NOW_SEC - 400 })), options())).resolves.toBeDefined();
  });

  it('requires exp and rejects an expired token beyond the tolerance only', async () => {
    await rejectedWith(await sign(claims({ exp: undefined })), 'exp');
    await rejectedWith(await sign(claims({ exp: NOW_SEC - 121 })), 'exp');
    await expect(validateIdToken(await sign(claims({ exp: NOW_SEC - 100 })), options())).resolves.toBeDefined();
  });

  it('requires a numeric iat that is not in the future beyond the tolerance', async () => {
    await rejectedWith(await sign(claims({ iat: undefined })), 'iat');
    await rejectedWith(await sign(claims({ iat: 'yesterday' })), 'iat');
    await rejectedWith(await sign(claims({ iat: NOW_SEC + 121 })), 'iat');
    await expect(validateIdToken(await sign(claims({ iat: NOW_SEC + 100 })), options())).resolves.toBeDefined();
  });

  it('rejects a token not valid yet (nbf) beyond the tolerance', async () => {
    await rejectedWith(await sign(claims({ nbf: NOW_SEC + 121 })), 'nbf');
    await expect(validateIdToken(await sign(claims({ nbf: NOW_SEC + 100 })), options())).resolves.toBeDefined();
  });

  it('requires a non-empty string sub', async () => {
    await rejectedWith(await sign(claims({ sub: undefined })), 'sub');
    await rejectedWith(await sign(claims({ sub: '' })), 'sub');
  });

  it('requires the nonce claim to equal the nonce sent', async () => {
    await rejectedWith(await sign(claims({ nonce: 'other' })), 'nonce');
    await rejectedWith(await sign(claims({ nonce: undefined })), 'nonce');
  });

  it('without a nonce sent: requires the claim only when asked to', async () => {
    const noNonce = await sign(claims({ nonce: undefined }));
    await expect(validateIdToken(noNonce, options({ nonce: null }))).resolves.toBeDefined();
    await rejectedWith(noNonce, 'nonce', { nonce: null, requireNonceClaim: true });
    await expect(validateIdToken(await sign(claims()), options({ nonce: null, requireNonceClaim: true }))).resolves.toBeDefined();
  });

  it('checks at_hash when present and an access token is known', async () => {
    const accessToken = 'access-token-value';
    const digest = createHash('sha256').update(accessToken).digest();
    const atHash = digest.subarray(0, 16).toString('base64url');
    const token = await sign(claims({ at_hash: atHash }));
    await expect(validateIdToken(token, options({ accessToken }))).resolves.toBeDefined();
    await rejectedWith(token, 'at_hash', { accessToken: 'another-access-token' });
    await expect(validateIdToken(token, options({ accessToken: null }))).resolves.toBeDefined();
    await expect(validateIdToken(await sign(claims()), options({ accessToken }))).resolves.toBeDefined();
  });
});

describe('algorithm helpers', () => {
  it('computes at_hash as in OIDC Core (RS256 example) and per hash size', () => {
    expect(accessTokenHash('RS256', 'jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y')).toBe('77QmUPtjPfzWtF2AnpK9RQ');
    expect(accessTokenHash('ES384', 'x')).toBe(createHash('sha384').update('x').digest().subarray(0, 24).toString('base64url'));
    expect(accessTokenHash('EdDSA', 'x')).toBe(createHash('sha512').update('x').digest().subarray(0, 32).toString('base64url'));
    expect(accessTokenHash('XYZ', 'x')).toBeNull();
  });

  it('drops none and HS* algorithms', () => {
    expect(asymmetricAlgorithms(['RS256', 'none', 'HS256', 'hs512', 'ES256', 'NONE'])).toEqual(['RS256', 'ES256']);
  });

  it('takes string entries from metadata, else RS256', () => {
    const base = { issuer: null, authorization_endpoint: null, token_endpoint: null, userinfo_endpoint: null, jwks_uri: null };
    expect(idTokenAlgorithms({ ...base, id_token_signing_alg_values_supported: ['ES256', 'RS256'] })).toEqual(['ES256', 'RS256']);
    expect(idTokenAlgorithms(base)).toEqual(['RS256']);
    expect(idTokenAlgorithms({ ...base, id_token_signing_alg_values_supported: [] })).toEqual(['RS256']);
  });
});

describe('validateIdToken: key rotation', () => {
  it('validates tokens signed with a freshly rotated key after one refetch, once for concurrent validations', async () => {
    const next = await signingKey('rsa-2');
    const nextJwk = next.publicJwk;
    let keys: JWK[] = [rsaPublicJwk];
    const net = routedFetch({ [JWKS_URI]: () => jsonResponse({ keys }) });
    const cache = new JwksCache(JWKS_URI, httpWith(net.fetch), manualClock(NOW));
    await validateIdToken(await sign(claims()), options({ jwks: cache }));
    keys = [rsaPublicJwk, nextJwk];
    const rotated = await sign(claims(), { kid: 'rsa-2', key: next.privateKey });
    const results = await Promise.all([1, 2, 3].map(() => validateIdToken(rotated, options({ jwks: cache }))));
    expect(results.map((payload) => payload.sub)).toEqual(['user-42', 'user-42', 'user-42']);
    expect(net.count(JWKS_URI)).toBe(2);
  });
});
