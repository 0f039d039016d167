import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAuthProvider, type IndividualRecord, type NewSession, type SessionRecord } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository, TestClock } from '@belgie/nestjs-oauth/testing';
import { signInViaApp } from '../helpers/app-session-flows.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import type { RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import { TEST_PLATFORMS, startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { appClientOptions, callbackUrl, startOpForApp } from '../helpers/real-op-client.js';

const CACHE_COOKIE = 'belgie_session_cache';
const CACHE_SECONDS = 60;

/** Counts the reads of the signed-in path and remembers each individual's latest session. */
class ReadCountingRepository extends InMemoryOAuthRepository {
  sessionReads = 0;
  individualReads = 0;
  readonly latestSession = new Map<string, string>();

  override findSessionByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    this.sessionReads += 1;
    return super.findSessionByTokenHash(tokenHash);
  }

  override findIndividualById(id: string): Promise<IndividualRecord | null> {
    this.individualReads += 1;
    return super.findIndividualById(id);
  }

  override async createSession(session: NewSession): Promise<SessionRecord> {
    const created = await super.createSession(session);
    this.latestSession.set(created.individualId, created.id);
    return created;
  }
}

describe.each(TEST_PLATFORMS)('signed session cache through a real OpenID Provider on %s', (platform) => {
  let op: RunningOidcProvider;
  let app: TestApp;
  let repository: ReadCountingRepository;
  let clock: TestClock;

  beforeAll(async () => {
    const port = await freePort();
    op = await startOpForApp([callbackUrl(port)]);
    repository = new ReadCountingRepository();
    clock = new TestClock();
    app = await startTestApp({
      port,
      platform,
      repository,
      clock,
      session: { cache: { maxAgeSeconds: CACHE_SECONDS } },
      providers: [OAuthProvider({ id: 'op', ...appClientOptions(op.issuer) })],
    });
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await op?.stop();
  });

  it('answers repeated GET /me behind SessionGuard without reading the session or the individual again', async () => {
    const browser = new TestBrowser();
    const id = await signInViaApp(browser, app.baseUrl, 'op', 'carol@example.com');
    // signInViaApp's own /me read the database once and planted the sealed copy.
    expect(browser.cookies(app.baseUrl)[CACHE_COOKIE]).toMatch(/^v1\./);
    const before = { sessions: repository.sessionReads, individuals: repository.individualReads };
    for (let i = 0; i < 3; i += 1) {
      const me = await browser.request(`${app.baseUrl}/me`);
      expect(me.status).toBe(200);
      expect((JSON.parse(me.body) as { individual: { id: string } }).individual.id).toBe(id);
    }
    expect({ sessions: repository.sessionReads, individuals: repository.individualReads }).toEqual(before);
  });

  it('attack: a session revoked elsewhere keeps working at most the cache max age, then answers 401', async () => {
    const browser = new TestBrowser();
    const id = await signInViaApp(browser, app.baseUrl, 'op', 'dave@example.com');
    await repository.deleteSession(repository.latestSession.get(id) ?? '');
    expect((await browser.request(`${app.baseUrl}/me`)).status).toBe(200);
    // The browser still sends the copy (its cookie Max-Age runs on real time); the server's own clock decides.
    clock.advance(CACHE_SECONDS * 1000);
    expect(browser.cookies(app.baseUrl)[CACHE_COOKIE]).toBeDefined();
    expect((await browser.request(`${app.baseUrl}/me`)).status).toBe(401);
  });

  it('attack: an edited copy is ignored (the database decides), and sign-out clears the copy at once', async () => {
    const browser = new TestBrowser();
    await signInViaApp(browser, app.baseUrl, 'op', 'erin@example.com');
    const sessionReads = repository.sessionReads;
    const copy = browser.cookies(app.baseUrl)[CACHE_COOKIE] ?? '';
    const edited = `${copy.slice(0, -1)}${copy.endsWith('A') ? 'B' : 'A'}`;
    const session = browser.cookies(app.baseUrl)['belgie_session'] ?? '';
    const forged = await browser.request(`${app.baseUrl}/me`, { headers: { cookie: `belgie_session=${session}; ${CACHE_COOKIE}=${edited}` } });
    expect(forged.status).toBe(200);
    expect(repository.sessionReads).toBe(sessionReads + 1);

    const signOut = await browser.request(`${app.baseUrl}/auth/sign-out`, { method: 'POST' });
    expect(signOut.status).toBe(302);
    expect(signOut.setCookies.some((c) => c.startsWith(`${CACHE_COOKIE}=;`) && c.includes('Max-Age=0'))).toBe(true);
    expect(browser.cookies(app.baseUrl)[CACHE_COOKIE]).toBeUndefined();
    expect((await browser.request(`${app.baseUrl}/me`)).status).toBe(401);
  });
});
