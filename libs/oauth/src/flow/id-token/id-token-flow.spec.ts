import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { Test } from '@nestjs/testing';
import { rejectedOAuthError } from '../../errors/oauth-error.spec-support.js';
import { OAuthModule } from '../../module/oauth.module.js';
import { ProviderRegistry } from '../../providers/provider-registry.js';
import type { ProviderRuntime } from '../../providers/provider-runtime.js';
import { InMemoryOAuthRepository } from '../../testing/in-memory-oauth-repository.js';
import { signingKey as testSigningKey } from '../../testing/signing-keys.spec-support.js';
import { TestClock } from '../../testing/test-clock.js';
import { jsonResponse, routedFetch } from '../../transport/transport.spec-support.js';
import { IdTokenFlow, resolveScope, tokenSetFromInput } from './id-token-flow.js';
import { IdTokenNonces } from './id-token-nonce.js';
import { ISSUER, manualProvider } from './id-token.spec-support.js';
import { decodeAccount } from '../accounts/linked-account.js';

const META = { ipAddress: '127.0.0.1', userAgent: 'jest' };

let signingKey: CryptoKey;
let foreignKey: CryptoKey;
let jwks: { keys: unknown[] };

beforeAll(async () => {
  const [pair, foreign] = await Promise.all([testSigningKey('k1'), testSigningKey('foreign')]);
  signingKey = pair.privateKey;
  foreignKey = foreign.privateKey;
  jwks = pair.jwks;
});

const provider = manualProvider;

interface Harness {
  clock: TestClock;
  repository: InMemoryOAuthRepository;
  nonces: IdTokenNonces;
  flow: IdTokenFlow;
  runtime(id: string): ProviderRuntime;
  close(): Promise<void>;
}

/** The flow as the module wires it (every collaborator real), on an in-memory repository and a test clock. */
async function harness(): Promise<Harness> {
  const clock = new TestClock(new Date());
  const providers = [
    provider('idp'),
    provider('strict', { disableImplicitSignUp: true }),
    provider('off', { disableIdTokenSignIn: true }),
    provider('nonced', { requireServerNonce: true }),
  ];
  const routes = routedFetch({ [`${ISSUER}/jwks`]: () => jsonResponse(jwks) });
  const repository = new InMemoryOAuthRepository();
  const moduleRef = await Test.createTestingModule({
    imports: [
      OAuthModule.forRoot({
        secret: 'unit-secret-0123456789-abcdefghijklmnop',
        baseUrl: 'https://app.example',
        fetch: routes.fetch,
        clock,
        repository,
        providers,
      }),
    ],
  }).compile();
  const registry = moduleRef.get(ProviderRegistry);
  return {
    clock,
    repository,
    nonces: moduleRef.get(IdTokenNonces),
    flow: moduleRef.get(IdTokenFlow),
    runtime: (id) => registry.get(id),
    close: () => moduleRef.close(),
  };
}

async function idToken(claims: JWTPayload, key: CryptoKey = signingKey): Promise<string> {
  return new SignJWT({ email: 'erin@example.com', email_verified: true, name: 'Erin', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(ISSUER)
    .setAudience('client-1')
    .setSubject(typeof claims.sub === 'string' ? claims.sub : 'subject-erin')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return (await rejectedOAuthError(promise)).code;
}

describe('resolveScope / tokenSetFromInput', () => {
  it('prefers scope, else de-duplicates scopes in first-seen order, else null', () => {
    expect(resolveScope('a b', ['c'])).toBe('a b');
    expect(resolveScope(null, ['openid', 'email', 'openid', 'profile'])).toBe('openid email profile');
    expect(resolveScope(undefined, [])).toBeNull();
    expect(resolveScope(null, null)).toBeNull();
  });

  it('builds the token set verbatim with epoch-second expiries in raw', () => {
    const expires = new Date('2031-02-03T04:05:06Z');
    const tokens = tokenSetFromInput({ idToken: 'id', accessToken: 'at', accessTokenExpiresAt: expires, scopes: ['x', 'x'] });
    expect(tokens).toMatchObject({ idToken: 'id', accessToken: 'at', refreshToken: null, scope: 'x', accessTokenExpiresAt: expires });
    expect(tokens.raw).toEqual({ id_token: 'id', access_token: 'at', scope: 'x', expires_at: expires.getTime() / 1000 });
  });
});

describe('IdTokenFlow', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  it('signs a new person in with a valid token and nonce: individual, account (body tokens) and session', async () => {
    const token = await idToken({ nonce: 'n-1' });
    const expires = new Date(h.clock.now().getTime() + 3_600_000);
    const result = await h.flow.signInWithIdToken(
      h.runtime('idp'),
      { idToken: token, nonce: 'n-1', accessToken: 'at-1', refreshToken: 'rt-1', accessTokenExpiresAt: expires, scopes: ['openid'] },
      {},
      META,
    );
    expect(result.created).toBe(true);
    expect(result.individual.email).toBe('erin@example.com');
    expect(result.individual.emailVerifiedAt).not.toBeNull();
    expect(result.session.token.length).toBeGreaterThan(20);
    // Stored sealed (encryption is on by default); decoded here to compare.
    const decoded = decodeAccount(h.runtime('idp').tokenCodec, result.account);
    expect(decoded).toMatchObject({
      provider: 'idp',
      providerAccountId: 'subject-erin',
      accessToken: 'at-1',
      refreshToken: 'rt-1',
      idToken: token,
      scope: 'openid',
      accessTokenExpiresAt: expires,
    });
    expect(h.repository.counts()).toMatchObject({ individuals: 1, accounts: 1, sessions: 1 });
  });

  it('refuses a nonce that does not match, before writing anything', async () => {
    const token = await idToken({ nonce: 'n-1' });
    expect(await codeOf(h.flow.signInWithIdToken(h.runtime('idp'), { idToken: token, nonce: 'other' }, {}, META))).toBe(
      'oauth_code_verification_failed',
    );
    expect(h.repository.counts()).toMatchObject({ individuals: 0, accounts: 0, sessions: 0 });
  });

  it('requires a nonce claim when no access token is given, but not when one is', async () => {
    const token = await idToken({});
    expect(await codeOf(h.flow.signInWithIdToken(h.runtime('idp'), { idToken: token }, {}, META))).toBe(
      'oauth_code_verification_failed',
    );
    const result = await h.flow.signInWithIdToken(h.runtime('idp'), { idToken: token, accessToken: 'at-1' }, {}, META);
    expect(result.account.providerAccountId).toBe('subject-erin');
  });

  it('refuses a token signed by a key the provider does not publish, and a foreign audience', async () => {
    const forged = await idToken({ nonce: 'n' }, foreignKey);
    expect(await codeOf(h.flow.signInWithIdToken(h.runtime('idp'), { idToken: forged, nonce: 'n' }, {}, META))).toBe(
      'oauth_code_verification_failed',
    );
    const otherAudience = await new SignJWT({ nonce: 'n', email: 'erin@example.com' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience('someone-else')
      .setSubject('s')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(signingKey);
    expect(await codeOf(h.flow.signInWithIdToken(h.runtime('idp'), { idToken: otherAudience, nonce: 'n' }, {}, META))).toBe(
      'oauth_code_verification_failed',
    );
  });

  it('honours disableIdTokenSignIn on sign-in and link, and requestSignUp with disableImplicitSignUp', async () => {
    const token = await idToken({ nonce: 'n' });
    expect(await codeOf(h.flow.signInWithIdToken(h.runtime('off'), { idToken: token, nonce: 'n' }, {}, META))).toBe(
      'id_token_sign_in_disabled',
    );
    expect(await codeOf(h.flow.linkWithIdToken(h.runtime('off'), 'any', { idToken: token, nonce: 'n' }, {}))).toBe(
      'id_token_sign_in_disabled',
    );
    expect(await codeOf(h.flow.signInWithIdToken(h.runtime('strict'), { idToken: token, nonce: 'n' }, {}, META))).toBe(
      'signup_disabled',
    );
    const result = await h.flow.signInWithIdToken(h.runtime('strict'), { idToken: token, nonce: 'n', requestSignUp: true }, {}, META);
    expect(result.created).toBe(true);
  });

  it('links a verified identity to the given individual without a session; an unverified one is refused', async () => {
    const individual = await h.repository.createIndividual({ email: 'Erin@Example.com', emailVerifiedAt: null, name: null, image: null });
    const unverified = await idToken({ nonce: 'n', email_verified: false, sub: 'subject-2' });
    expect(await codeOf(h.flow.linkWithIdToken(h.runtime('idp'), individual.id, { idToken: unverified, nonce: 'n' }, {}))).toBe(
      'account_not_linked',
    );
    const verified = await idToken({ nonce: 'n' });
    const account = await h.flow.linkWithIdToken(h.runtime('idp'), individual.id, { idToken: verified, nonce: 'n' }, {});
    expect(account).toMatchObject({ individualId: individual.id, provider: 'idp', providerAccountId: 'subject-erin' });
    expect(h.repository.counts()).toMatchObject({ individuals: 1, accounts: 1, sessions: 0 });
    expect((await h.repository.findIndividualById(individual.id))?.emailVerifiedAt).not.toBeNull();
  });

  it('attack: replaying an ID token that already signed in is refused (id_token_replayed), nothing written', async () => {
    const token = await idToken({ nonce: 'n' });
    await h.flow.signInWithIdToken(h.runtime('idp'), { idToken: token, nonce: 'n' }, {}, META);
    const before = h.repository.counts();

    expect(await codeOf(h.flow.signInWithIdToken(h.runtime('idp'), { idToken: token, nonce: 'n' }, {}, META))).toBe('id_token_replayed');
    expect(h.repository.counts()).toEqual(before);
  });

  it('attack: replaying a used ID token on the link route is refused too', async () => {
    const individual = await h.repository.createIndividual({ email: 'erin@example.com', emailVerifiedAt: null, name: null, image: null });
    const token = await idToken({ nonce: 'n' });
    await h.flow.linkWithIdToken(h.runtime('idp'), individual.id, { idToken: token, nonce: 'n' }, {});
    expect(await codeOf(h.flow.linkWithIdToken(h.runtime('idp'), individual.id, { idToken: token, nonce: 'n' }, {}))).toBe('id_token_replayed');
    expect(await codeOf(h.flow.signInWithIdToken(h.runtime('idp'), { idToken: token, nonce: 'n' }, {}, META))).toBe('id_token_replayed');
    expect(h.repository.counts()).toMatchObject({ individuals: 1, accounts: 1, sessions: 0 });
  });

  it('attack: 5 parallel requests with one ID token sign in exactly once', async () => {
    const token = await idToken({ nonce: 'n' });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => h.flow.signInWithIdToken(h.runtime('idp'), { idToken: token, nonce: 'n' }, {}, META)),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(h.repository.counts()).toMatchObject({ individuals: 1, accounts: 1, sessions: 1 });
  });

  it('a refused sign-in does not burn the token (signup_disabled, then requestSignUp), and the record ends with the token', async () => {
    const token = await idToken({ nonce: 'n' });
    expect(await codeOf(h.flow.signInWithIdToken(h.runtime('strict'), { idToken: token, nonce: 'n' }, {}, META))).toBe('signup_disabled');
    await h.flow.signInWithIdToken(h.runtime('strict'), { idToken: token, nonce: 'n', requestSignUp: true }, {}, META);
    // The same token is a different use at another provider id (the key names the provider).
    await h.flow.signInWithIdToken(h.runtime('idp'), { idToken: token, nonce: 'n' }, {}, META);
    expect(await codeOf(h.flow.signInWithIdToken(h.runtime('idp'), { idToken: token, nonce: 'n' }, {}, META))).toBe('id_token_replayed');
  });

  describe('requireServerNonce', () => {
    it('accepts a token carrying a nonce this server issued, once', async () => {
      const { nonce } = h.nonces.issue('nonced');
      const token = await idToken({ nonce });
      const result = await h.flow.signInWithIdToken(h.runtime('nonced'), { idToken: token, nonce }, {}, META);
      expect(result.created).toBe(true);
      const again = await idToken({ nonce, sub: 'subject-erin' });
      expect(await codeOf(h.flow.signInWithIdToken(h.runtime('nonced'), { idToken: again, nonce }, {}, META))).toBe('invalid_nonce');
    });

    it.each([
      ['no nonce at all', () => null],
      ['a nonce the client made up', () => 'client-made-nonce'],
      ['a nonce issued for another provider', (h: Harness) => h.nonces.issue('idp').nonce],
    ])('attack: a token obtained outside our flow (%s) is refused (invalid_nonce), nothing written', async (_label, make) => {
      const nonce = make(h);
      const token = await idToken(nonce === null ? {} : { nonce });
      expect(await codeOf(h.flow.signInWithIdToken(h.runtime('nonced'), { idToken: token, nonce, accessToken: 'at' }, {}, META))).toBe('invalid_nonce');
      expect(h.repository.counts()).toMatchObject({ individuals: 0, accounts: 0, sessions: 0 });
    });

    it('an expired server nonce is refused', async () => {
      const { nonce } = h.nonces.issue('nonced');
      h.clock.advance(10 * 60_000 + 1);
      const token = await idToken({ nonce });
      expect(await codeOf(h.flow.signInWithIdToken(h.runtime('nonced'), { idToken: token, nonce }, {}, META))).toBe('invalid_nonce');
    });
  });
});
