import { beforeAll, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { rejectedOAuthError } from '../errors/oauth-error.spec-support.js';
import { IdTokenFlow } from '../flow/id-token/id-token-flow.js';
import { IdTokenNonces } from '../flow/id-token/id-token-nonce.js';
import { ISSUER, manualProvider } from '../flow/id-token/id-token.spec-support.js';
import { StartFlow, STATE_TTL_MS } from '../flow/sign-in/start-flow.js';
import { SessionService } from '../identity/session-service.js';
import type { ResolvedModuleOptions } from '../options/resolved-module-options.js';
import { OAUTH_CLOCK, OAUTH_OPTIONS, OAUTH_REDIRECT_SETTINGS, OAUTH_SESSION_SETTINGS } from '../options/tokens.js';
import type { StateRecord } from '../persistence/records.js';
import { signJwt, signingKey, type TestSigningKey } from '../testing/signing-keys.spec-support.js';
import { ProviderRegistry } from '../providers/provider-registry.js';
import { InMemoryOAuthRepository } from '../testing/in-memory-oauth-repository.js';
import { TestClock } from '../testing/test-clock.js';
import { jsonResponse, routedFetch } from '../transport/transport.spec-support.js';
import { OAuthModule } from './oauth.module.js';

const META = { ipAddress: '127.0.0.1', userAgent: 'jest' };
// Years away from the real time: anything computed from the system clock instead of the injected one shows.
const FAKE_NOW = new Date('2031-05-06T07:08:09Z');
const DAY_MS = 86_400_000;

/** The in-memory repository, keeping the states the start flow writes. */
class StateKeepingRepository extends InMemoryOAuthRepository {
  readonly states: StateRecord[] = [];

  override createState(state: StateRecord): Promise<void> {
    this.states.push(state);
    return super.createState(state);
  }
}

let key: TestSigningKey;

beforeAll(async () => {
  key = await signingKey('k1');
});

/** `OAuthModule.forRoot` with no `clock` option (so the system clock), then OAUTH_CLOCK overridden as an app or test would. */
async function bootWithOverriddenClock() {
  const clock = new TestClock(FAKE_NOW);
  // The repository's own timestamps (createdAt) are the app's side: it gets the same clock.
  const repository = new StateKeepingRepository({ clock });
  const moduleRef = await Test.createTestingModule({
    imports: [
      OAuthModule.forRoot({
        secret: 'slices-secret-0123456789-abcdefghijklmn',
        baseUrl: 'https://app.example',
        fetch: routedFetch({ [`${ISSUER}/jwks`]: () => jsonResponse(key.jwks) }).fetch,
        repository,
        providers: [manualProvider('idp')],
      }),
    ],
  })
    .overrideProvider(OAUTH_CLOCK)
    .useValue(clock)
    .compile();
  return { clock, repository, moduleRef, runtime: moduleRef.get(ProviderRegistry).get('idp') };
}

describe('OAUTH_CLOCK override (one clock slice, injected everywhere)', () => {
  it('session expiry follows the overridden clock: created from it, expired by it', async () => {
    const { clock, repository, moduleRef } = await bootWithOverriddenClock();
    const sessions = moduleRef.get(SessionService);
    const individual = await repository.createIndividual({ email: 'erin@example.com', emailVerifiedAt: null, name: null, image: null });
    const created = await sessions.create(repository, individual.id, META);
    // Default lifetime: 7 days from the fake now (the absolute 30 days is longer).
    expect(created.session.expiresAt).toEqual(new Date(FAKE_NOW.getTime() + 7 * DAY_MS));
    expect(created.cookie.maxAge).toBe(7 * 86_400);
    const cookies = { [created.cookie.name]: created.token };
    expect((await sessions.resolve(cookies))?.session.id).toBe(created.session.id);
    clock.advance(7 * DAY_MS);
    expect(await sessions.resolve(cookies)).toBeNull();
    await moduleRef.close();
  });

  it('state expiry and the ID-token nonce expiry follow the overridden clock', async () => {
    const { repository, moduleRef, runtime } = await bootWithOverriddenClock();
    await moduleRef.get(StartFlow).startSignIn(runtime);
    expect(repository.states).toHaveLength(1);
    expect(repository.states[0]).toMatchObject({ createdAt: FAKE_NOW, expiresAt: new Date(FAKE_NOW.getTime() + STATE_TTL_MS) });
    const { expiresAt } = moduleRef.get(IdTokenNonces).issue('idp');
    expect(expiresAt).toEqual(new Date(FAKE_NOW.getTime() + 10 * 60_000));
    await moduleRef.close();
  });

  it("reaches the provider runtime: the ID token's exp is checked against the overridden clock", async () => {
    const { clock, moduleRef, runtime } = await bootWithOverriddenClock();
    const claims = { iss: ISSUER, aud: 'client-1', sub: 'subject-erin', nonce: 'n-1', email: 'erin@example.com', email_verified: true };
    // Both issued at the fake now, valid for 1 h (years ahead of the system clock: not yet issued there).
    const first = await signJwt(key, claims, FAKE_NOW);
    const second = await signJwt(key, { ...claims, sub: 'subject-frank', email: 'frank@example.com' }, FAKE_NOW);
    const flow = moduleRef.get(IdTokenFlow);
    const result = await flow.signInWithIdToken(runtime, { idToken: first, nonce: 'n-1' }, {}, META);
    expect(result.session.session.expiresAt).toEqual(new Date(FAKE_NOW.getTime() + 7 * DAY_MS));
    clock.advance(2 * 3600_000);
    expect((await rejectedOAuthError(flow.signInWithIdToken(runtime, { idToken: second, nonce: 'n-1' }, {}, META))).code).toBe(
      'oauth_code_verification_failed',
    );
    await moduleRef.close();
  });
});

describe('option slices', () => {
  it('are frozen, made once from the resolved options; OAUTH_CLOCK is the clock option', async () => {
    const optionClock = new TestClock();
    const moduleRef = await Test.createTestingModule({
      imports: [
        OAuthModule.forRoot({
          secret: 'slices-secret-0123456789-abcdefghijklmn',
          baseUrl: 'https://app.example/base/',
          session: { maxAgeSeconds: 3600 },
          signOutRedirectUrl: '/bye',
          clock: optionClock,
          repository: new InMemoryOAuthRepository(),
          providers: [manualProvider('idp')],
        }),
      ],
    }).compile();
    const resolved = moduleRef.get<ResolvedModuleOptions>(OAUTH_OPTIONS);
    expect(moduleRef.get(OAUTH_CLOCK)).toBe(optionClock);
    const session = moduleRef.get<object>(OAUTH_SESSION_SETTINGS);
    const redirects = moduleRef.get<object>(OAUTH_REDIRECT_SETTINGS);
    expect(Object.isFrozen(session) && Object.isFrozen(redirects)).toBe(true);
    expect(session).toMatchObject({ sessionMaxAgeSeconds: 3600, sessionCookieName: resolved.sessionCookieName, cookies: resolved.cookies });
    expect(redirects).toEqual({
      baseOrigin: 'https://app.example',
      basePath: '/base',
      routePrefix: 'auth',
      signInRedirectUrl: '/',
      signOutRedirectUrl: '/bye',
      trustedOrigins: [],
    });
    await moduleRef.close();
  });
});
