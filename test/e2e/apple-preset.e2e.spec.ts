import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AppleOAuth } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository, TestClock } from '@belgie/nestjs-oauth/testing';
import { pemKeyPair } from '../../libs/oauth/src/testing/signing-keys.spec-support.js';
import { mintIdToken } from '../fixtures/misbehaving-op/id-token.js';
import { APPLE_ISSUER, startAppleShapedOp, type AppleShapedOp } from '../fixtures/provider-shaped/apple-op.js';
import { jsonCall } from '../helpers/app-session-flows.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';

const SERVICES_ID = 'com.example.web';
const BUNDLE_ID = 'com.example.ios';
const TEAM_ID = 'TEAM123456';
const KEY_ID = 'KEY1234567';
const ENDS = ['/welcome', '/', '/auth/error'];
const ANN = JSON.stringify({ name: { firstName: 'Ann', lastName: 'Example' }, email: 'ann@example.com' });

describe('AppleOAuth end to end (an Apple-shaped OP behind the network edge)', () => {
  const clock = new TestClock();
  const team = pemKeyPair();
  let apple: AppleShapedOp;
  let app: TestApp;
  let repository: InMemoryOAuthRepository;

  beforeAll(async () => {
    apple = await startAppleShapedOp(SERVICES_ID, TEAM_ID, team.publicKey, () => clock.now());
    repository = new InMemoryOAuthRepository();
    app = await startTestApp({
      port: await freePort(),
      repository,
      clock,
      fetch: apple.fetch,
      providers: [
        AppleOAuth({
          clientId: SERVICES_ID,
          teamId: TEAM_ID,
          keyId: KEY_ID,
          privateKey: team.pem,
          appBundleIds: [BUNDLE_ID],
          defaultErrorRedirectUrl: '/auth/error',
        }),
      ],
    });
  }, 30_000);

  beforeEach(() => {
    apple.op.reset();
    apple.op.script(apple.script());
  });

  afterAll(async () => {
    await app?.close();
    await apple?.op.stop();
  });

  /** The browser goes to "Apple" (the OP), which posts the authorization response back (form_post). */
  async function signIn(email: string): Promise<{ landed: URL; authorize: URL }> {
    const browser = new TestBrowser();
    const start = await browser.follow(`${app.baseUrl}/login/apple?login_hint=${encodeURIComponent(email)}`, {
      stopAt: (url) => url.hostname === 'appleid.apple.com',
    });
    if (!start.stoppedAt) throw new Error('the sign-in did not reach Apple');
    const trace = await browser.follow(apple.atOp(start.stoppedAt), { stopAt: (url) => url.origin === app.baseUrl && ENDS.includes(url.pathname) });
    if (!trace.stoppedAt) throw new Error(`the sign-in ended with HTTP ${trace.final.status}`);
    return { landed: trace.stoppedAt, authorize: start.stoppedAt };
  }

  it('Apple user name from the first form_post is kept, also after a later sign-in without it', async () => {
    apple.op.script(apple.script({ userField: ANN }));
    const first = await signIn('ann@example.com');
    expect(first.landed.pathname).toBe('/welcome');
    expect(first.authorize.searchParams.get('response_mode')).toBe('form_post');
    expect((await repository.findIndividualByEmail('ann@example.com'))?.name).toBe('Ann Example');
    apple.op.script(apple.script());
    expect((await signIn('ann@example.com')).landed.pathname).toBe('/');
    expect((await repository.findIndividualByEmail('ann@example.com'))?.name).toBe('Ann Example');
  });

  it('Apple email_verified as string "true" verifies the email', async () => {
    expect((await signIn('bob@example.com')).landed.pathname).toBe('/welcome');
    expect((await repository.findIndividualByEmail('bob@example.com'))?.emailVerifiedAt).not.toBeNull();
  });

  it('Apple private-relay email never links implicitly to an existing individual with that address', async () => {
    const relay = 'x7k2p9@privaterelay.appleid.com';
    await repository.createIndividual({ email: relay, emailVerifiedAt: new Date(), name: 'Someone', image: null });
    apple.op.script(apple.script({ claims: { is_private_email: 'true' } }));
    const before = repository.counts();
    const { landed } = await signIn(relay);
    expect(landed.searchParams.get('error')).toBe('account_not_linked');
    expect(repository.counts()).toMatchObject({ individuals: before.individuals, accounts: before.accounts, sessions: before.sessions });
  });

  it('Apple private-relay email still signs up a new person (it is verified)', async () => {
    apple.op.script(apple.script({ claims: { is_private_email: true } }));
    expect((await signIn('q4w8e1@privaterelay.appleid.com')).landed.pathname).toBe('/welcome');
  });

  it('Apple client secret is an ES256 JWT accepted by the token endpoint, minted once and reused', async () => {
    const before = apple.acceptedSecrets.length;
    await signIn('carol@example.com');
    await signIn('dan@example.com');
    const used = apple.acceptedSecrets.slice(before);
    expect(used).toHaveLength(2);
    expect(new Set(used).size).toBe(1);
  });

  it('Apple bundle id is accepted as an extra audience for direct ID-token sign-in from a native app', async () => {
    const iat = Math.floor(clock.now().getTime() / 1000);
    const token = (aud: string, nonce: string) =>
      mintIdToken(apple.op.keys, {
        claims: { iss: APPLE_ISSUER, aud, sub: `native-${nonce}`, iat, exp: iat + 600, nonce, email: `${nonce}@example.com`, email_verified: 'true' },
        kid: undefined,
        signWith: 'rs256',
      });
    const native = await jsonCall(new TestBrowser(), `${app.baseUrl}/auth/provider/apple/signin/id-token`, {
      json: { idToken: await token(BUNDLE_ID, 'erin'), nonce: 'erin' },
    });
    expect(native.status).toBe(200);
    expect(await repository.findAccount('apple', 'native-erin')).not.toBeNull();
    const foreign = await jsonCall(new TestBrowser(), `${app.baseUrl}/auth/provider/apple/signin/id-token`, {
      json: { idToken: await token('com.evil.app', 'frank'), nonce: 'frank' },
    });
    expect(foreign.status).toBeGreaterThanOrEqual(400);
    expect(foreign.status).toBeLessThan(500);
    expect(await repository.findAccount('apple', 'native-frank')).toBeNull();
  });
});
