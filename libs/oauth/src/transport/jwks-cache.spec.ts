import { beforeAll, describe, expect, it } from '@jest/globals';
import type { JWK, JSONWebKeySet } from 'jose';
import { signingKey } from '../testing/signing-keys.spec-support.js';
import { JwksCache } from './jwks-cache.js';
import { deferred, httpWith, jsonResponse, manualClock, rejectionOf, routedFetch, type RouteHandler } from './transport.spec-support.js';
import { IdTokenValidationError, ProviderRequestError } from '../errors/transport-errors.js';

const JWKS_URI = 'https://idp.example.com/jwks';
const MINUTE = 60_000;

let keyA: JWK;
let keyB: JWK;
let keyC: JWK;

beforeAll(async () => {
  const [a, b, c] = await Promise.all([signingKey('a'), signingKey('b'), signingKey('c')]);
  [keyA, keyB, keyC] = [a.publicJwk, b.publicJwk, c.publicJwk];
});

function provider(initial: JWK[], options: { maxAgeMs?: number; unknownKidCooldownMs?: number } = {}) {
  let jwks: JSONWebKeySet = { keys: initial };
  let handler: RouteHandler = () => jsonResponse(jwks);
  const net = routedFetch({ [JWKS_URI]: (request) => handler(request) });
  const clock = manualClock();
  const cache = new JwksCache(JWKS_URI, httpWith(net.fetch), clock, options);
  return {
    cache,
    clock,
    net,
    rotate: (keys: JWK[]) => {
      jwks = { keys };
    },
    setHandler: (next: RouteHandler) => {
      handler = next;
    },
  };
}

function rejection(promise: Promise<unknown>): Promise<IdTokenValidationError> {
  return rejectionOf(IdTokenValidationError, promise);
}

describe('JwksCache', () => {
  it('fetches once and serves later lookups from the cache', async () => {
    const { cache, net } = provider([keyA]);
    const key = await cache.getKey({ alg: 'RS256', kid: 'a' });
    expect(key.type).toBe('public');
    await cache.getKey({ alg: 'RS256', kid: 'a' });
    expect(net.count(JWKS_URI)).toBe(1);
    expect(net.requests[0]?.headers.get('authorization')).toBeNull();
  });

  it('refetches on schedule once the keys are older than maxAge', async () => {
    const { cache, clock, net } = provider([keyA], { maxAgeMs: 10 * MINUTE });
    await cache.getKey({ alg: 'RS256', kid: 'a' });
    clock.advance(10 * MINUTE - 1);
    await cache.getKey({ alg: 'RS256', kid: 'a' });
    expect(net.count(JWKS_URI)).toBe(1);
    clock.advance(1);
    await cache.getKey({ alg: 'RS256', kid: 'a' });
    expect(net.count(JWKS_URI)).toBe(2);
  });

  it('refetches immediately for an unknown kid (key rotation) and finds the new key', async () => {
    const { cache, rotate, net } = provider([keyA]);
    await cache.getKey({ alg: 'RS256', kid: 'a' });
    rotate([keyA, keyB]);
    await expect(cache.getKey({ alg: 'RS256', kid: 'b' })).resolves.toHaveProperty('type', 'public');
    expect(net.count(JWKS_URI)).toBe(2);
  });

  it('refetches for an unknown kid even right after a scheduled fetch', async () => {
    const { cache, clock, rotate, net } = provider([keyA], { maxAgeMs: MINUTE, unknownKidCooldownMs: 5_000 });
    await cache.getKey({ alg: 'RS256', kid: 'a' });
    clock.advance(MINUTE);
    await cache.getKey({ alg: 'RS256', kid: 'a' }); // scheduled refetch
    expect(net.count(JWKS_URI)).toBe(2);
    rotate([keyB]);
    await cache.getKey({ alg: 'RS256', kid: 'b' });
    expect(net.count(JWKS_URI)).toBe(3);
  });

  it('does not fetch twice when the very first fetch already lacks the kid', async () => {
    const { cache, net } = provider([keyA]);
    expect((await rejection(cache.getKey({ alg: 'RS256', kid: 'zzz' }))).check).toBe('kid');
    expect(net.count(JWKS_URI)).toBe(1);
  });

  it('shares one refetch between concurrent validations with an unknown kid', async () => {
    const { cache, rotate, setHandler, net } = provider([keyA]);
    await cache.getKey({ alg: 'RS256', kid: 'a' });
    const gate = deferred<Response>();
    setHandler(() => gate.promise);
    const lookups = Promise.all([
      cache.getKey({ alg: 'RS256', kid: 'b' }),
      cache.getKey({ alg: 'RS256', kid: 'b' }),
      cache.getKey({ alg: 'RS256', kid: 'c' }),
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    rotate([keyB, keyC]);
    gate.resolve(jsonResponse({ keys: [keyB, keyC] }));
    const keys = await lookups;
    expect(keys).toHaveLength(3);
    expect(net.count(JWKS_URI)).toBe(2);
  });

  it('rate-limits only unknown-kid refetches', async () => {
    const { cache, clock, net } = provider([keyA], { maxAgeMs: MINUTE, unknownKidCooldownMs: 10 * MINUTE });
    await cache.getKey({ alg: 'RS256', kid: 'a' });
    await rejection(cache.getKey({ alg: 'RS256', kid: 'x' }));
    expect(net.count(JWKS_URI)).toBe(2);
    // Within the cooldown a made-up kid causes no request at all...
    clock.advance(1_000);
    expect((await rejection(cache.getKey({ alg: 'RS256', kid: 'y' }))).check).toBe('kid');
    expect(net.count(JWKS_URI)).toBe(2);
    // ...but the scheduled refresh is not held back by it.
    clock.advance(MINUTE);
    await cache.getKey({ alg: 'RS256', kid: 'a' });
    expect(net.count(JWKS_URI)).toBe(3);
    // After the cooldown an unknown kid may trigger a refetch again.
    clock.advance(10 * MINUTE);
    await cache.getKey({ alg: 'RS256', kid: 'a' }); // scheduled
    await rejection(cache.getKey({ alg: 'RS256', kid: 'z' }));
    expect(net.count(JWKS_URI)).toBe(5);
  });

  it('uses the only candidate when the header has no kid', async () => {
    const { cache } = provider([keyA]);
    await expect(cache.getKey({ alg: 'RS256' })).resolves.toHaveProperty('type', 'public');
  });

  it('rejects a header without kid when several keys could match', async () => {
    const { cache } = provider([keyA, keyB]);
    expect((await rejection(cache.getKey({ alg: 'RS256' }))).check).toBe('kid');
  });

  it('reports a failed fetch as check "jwks" with the provider error as cause', async () => {
    const { cache, setHandler } = provider([keyA]);
    setHandler(() => new Response('nope', { status: 500 }));
    const error = await rejection(cache.getKey({ alg: 'RS256', kid: 'a' }));
    expect(error.check).toBe('jwks');
    expect(error.code).toBe('oauth_code_verification_failed');
    expect(error.cause).toBeInstanceOf(ProviderRequestError);
    expect(error.cause).toMatchObject({ endpoint: 'jwks', failure: 'http_status', status: 500 });
  });

  it('reports a document that is not a key set as check "jwks"', async () => {
    const { cache, setHandler } = provider([keyA]);
    setHandler(() => jsonResponse({ keys: 'nope' }));
    const error = await rejection(cache.getKey({ alg: 'RS256', kid: 'a' }));
    expect(error.check).toBe('jwks');
    expect(error.cause).toMatchObject({ failure: 'invalid_response' });
  });

  it('keeps verifying with the cached keys when a scheduled refresh fails', async () => {
    const { cache, clock, setHandler, net } = provider([keyA], { maxAgeMs: MINUTE });
    await cache.getKey({ alg: 'RS256', kid: 'a' });
    setHandler(() => new Response('down', { status: 503 }));
    clock.advance(MINUTE);
    await expect(cache.getKey({ alg: 'RS256', kid: 'a' })).resolves.toHaveProperty('type', 'public');
    expect(net.count(JWKS_URI)).toBe(2);
  });

  it('refuses to fetch keys from a plain-http non-loopback URL', async () => {
    const net = routedFetch({});
    const cache = new JwksCache('http://idp.example.com/jwks', httpWith(net.fetch), manualClock());
    const error = await rejection(cache.getKey({ alg: 'RS256', kid: 'a' }));
    expect(error.cause).toMatchObject({ failure: 'insecure_url' });
    expect(net.requests).toHaveLength(0);
  });
});
