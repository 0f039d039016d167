import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { OAuthProvider } from '@belgie/nestjs-oauth';
import { TestClock } from '@belgie/nestjs-oauth/testing';
import { SignJWT } from 'jose';
import { signingKey } from '../../libs/oauth/src/testing/signing-keys.spec-support.js';
import { MisbehavingOp } from '../fixtures/misbehaving-op/index.js';
import { freePort } from '../helpers/free-port.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { CLIENT_ID, CLIENT_SECRET, TIMEOUT_MS } from './rp-harness.js';
import { WriteCountingRepository } from './write-counting-repository.js';

/**
 * While a provider's discovery or JWKS endpoint fails and nothing is cached, requests must not turn
 * into a fetch storm (1,000 requests made 1,000 fetches): concurrent callers share one fetch
 * (single-flight), and later ones get the remembered failure for a short cooldown. The app's `fetch`
 * is a counting wrapper, so every request that left the app is counted, not only those that arrived.
 */

const REQUESTS = 1_000;
const BATCH = 50;

class CountingFetch {
  readonly byPath = new Map<string, number>();
  readonly fetch: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    this.byPath.set(url.pathname, (this.byPath.get(url.pathname) ?? 0) + 1);
    return globalThis.fetch(input, init);
  };

  count(suffix: string): number {
    let total = 0;
    for (const [path, n] of this.byPath) if (path.endsWith(suffix)) total += n;
    return total;
  }
}

/** `total` requests, `BATCH` at a time (concurrent within a batch, batches one after another). */
async function burst(total: number, send: () => Promise<number>): Promise<number[]> {
  const statuses: number[] = [];
  for (let sent = 0; sent < total; sent += BATCH) {
    statuses.push(...(await Promise.all(Array.from({ length: Math.min(BATCH, total - sent) }, send))));
  }
  return statuses;
}

describe('attack: fetch storm against a failing provider (single-flight + failure cooldown)', () => {
  let op: MisbehavingOp;
  let app: TestApp;
  let counting: CountingFetch;
  let clock: TestClock;
  let repository: WriteCountingRepository;

  beforeAll(async () => {
    clock = new TestClock();
    op = await MisbehavingOp.start({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, now: () => clock.now() });
    counting = new CountingFetch();
    repository = new WriteCountingRepository({ clock });
    const common = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: ['openid', 'email'], timeoutMs: TIMEOUT_MS, defaultErrorRedirectUrl: '/auth/error' };
    app = await startTestApp({
      port: await freePort(),
      repository,
      clock,
      fetch: counting.fetch,
      providers: [
        OAuthProvider({ id: 'disc', discoveryUrl: op.discoveryUrl, ...common }),
        OAuthProvider({ id: 'keys', discoveryUrl: op.discoveryUrl, ...common }),
      ],
    });
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await op?.stop();
  });

  beforeEach(() => {
    op.reset();
    counting.byPath.clear();
    repository.writes.length = 0;
  });

  it(`discovery answering 500: ${REQUESTS} sign-in starts make 1 discovery fetch, each answered 503 provider_unavailable; fetched again after the cooldown`, async () => {
    op.script({ respond: { discovery: () => ({ kind: 'text', status: 500, body: 'down' }) } });
    const statuses = await burst(REQUESTS, async () => (await fetch(`${app.baseUrl}/login/disc`, { redirect: 'manual' })).status);
    expect(new Set(statuses)).toEqual(new Set([503]));
    expect(counting.count('/.well-known/openid-configuration')).toBe(1);
    expect(repository.writes).toEqual([]);

    op.reset();
    clock.advance(5_000);
    expect((await fetch(`${app.baseUrl}/login/disc`, { redirect: 'manual' })).status).toBe(302);
    expect(counting.count('/.well-known/openid-configuration')).toBe(2);
  });

  it(`JWKS answering 503: ${REQUESTS} direct ID-token sign-ins make 1 JWKS fetch, each refused as oauth_code_verification_failed`, async () => {
    const { privateKey } = await signingKey('some-kid');
    const nowSec = Math.floor(clock.now().getTime() / 1000);
    // Validation reaches the key lookup (header and algorithm are fine) before anything else can fail.
    const idToken = await new SignJWT({ sub: 'storm', nonce: 'n' })
      .setProtectedHeader({ alg: 'RS256', kid: 'some-kid', typ: 'JWT' })
      .setIssuer(op.issuer)
      .setAudience(CLIENT_ID)
      .setIssuedAt(nowSec)
      .setExpirationTime(nowSec + 600)
      .sign(privateKey);
    op.script({ respond: { jwks: () => ({ kind: 'json', status: 503, body: { error: 'temporarily_unavailable' } }) } });
    const send = async () => {
      const response = await fetch(`${app.baseUrl}/auth/provider/keys/signin/id-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ idToken, nonce: 'n' }),
      });
      const body = (await response.json()) as { code?: string };
      return body.code === 'oauth_code_verification_failed' ? response.status : -1;
    };
    const statuses = await burst(REQUESTS, send);
    expect(new Set(statuses)).toEqual(new Set([400]));
    expect(counting.count(new URL(op.url('jwks')).pathname)).toBe(1);
    expect(repository.writes).toEqual([]);
  });
});
