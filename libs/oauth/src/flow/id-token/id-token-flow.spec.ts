import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { Keyring } from '../../crypto/keyring.js';
import { rejectedOAuthError } from '../../errors/oauth-error.spec-support.js';
import { SessionService } from '../../identity/session-service.js';
import { resolveModuleOptions } from '../../module/resolve-module-options.js';
import type { ResolvedModuleOptions } from '../../options/resolved-module-options.js';
import { createProviderRuntime } from '../../providers/create-provider-runtime.js';
import { OAuthProvider } from '../../providers/provider-definition.js';
import type { ProviderRuntime } from '../../providers/provider-runtime.js';
import { CookieStateStore } from '../../state/cookie-state-store.js';
import { InMemoryOAuthRepository } from '../../testing/in-memory-oauth-repository.js';
import { signingKey as testSigningKey } from '../../testing/signing-keys.spec-support.js';
import { TestClock } from '../../testing/test-clock.js';
import { jsonResponse, routedFetch } from '../../transport/transport.spec-support.js';
import { HookRunner } from '../shared/hook-runner.js';
import { IdTokenFlow, resolveScope, tokenSetFromInput } from './id-token-flow.js';
import { IdTokenNonces } from './id-token-nonce.js';
import { LinkCompletion } from '../link/link-completion.js';
import { decodeAccount } from '../accounts/linked-account.js';
import { ProfileRefresh } from '../shared/profile-refresh.js';
import { SignInCompletion } from '../sign-in/signin-completion.js';

const ISSUER = 'https://idp.example';
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

function provider(id: string, extra: Record<string, unknown> = {}) {
  return OAuthProvider({
    id,
    clientId: 'client-1',
    clientSecret: 'client-secret-value',
    issuer: ISSUER,
    authorizationEndpoint: `${ISSUER}/authorize`,
    tokenEndpoint: `${ISSUER}/token`,
    jwksUri: `${ISSUER}/jwks`,
    ...extra,
  });
}

interface Harness {
  clock: TestClock;
  options: ResolvedModuleOptions;
  repository: InMemoryOAuthRepository;
  nonces: IdTokenNonces;
  flow: IdTokenFlow;
  runtime(id: string): ProviderRuntime;
}

function harness(): Harness {
  const clock = new TestClock(new Date());
  const definitions = [
    provider('idp'),
    provider('strict', { disableImplicitSignUp: true }),
    provider('off', { disableIdTokenSignIn: true }),
    provider('nonced', { requireServerNonce: true }),
  ];
  const routes = routedFetch({ [`${ISSUER}/jwks`]: () => jsonResponse(jwks) });
  const options = resolveModuleOptions(
    { secret: 'unit-secret-0123456789-abcdefghijklmnop', baseUrl: 'https://app.example', fetch: routes.fetch, clock },
    definitions,
  );
  const repository = new InMemoryOAuthRepository();
  const hooks = new HookRunner(options);
  const profiles = new ProfileRefresh(options, repository, hooks);
  const keyring = Keyring.fromSecrets(options.secrets);
  const sessions = new SessionService(options, repository, keyring);
  const nonces = new IdTokenNonces(options, keyring, repository);
  const flow = new IdTokenFlow(
    options,
    repository,
    new SignInCompletion(options, repository, sessions, profiles, hooks),
    new LinkCompletion(options, repository, profiles),
    nonces,
  );
  const stateStore = new CookieStateStore(keyring.box('state'), options.cookies);
  const definitionOf = (id: string) => definitions.find((d) => d.id === id) ?? definitions[0]!;
  return { clock, options, repository, nonces, flow, runtime: (id) => createProviderRuntime(options, definitionOf(id), stateStore) };
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
  beforeEach(() => {
    h = harness();
  });

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
