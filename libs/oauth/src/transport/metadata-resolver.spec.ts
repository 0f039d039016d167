import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../errors/oauth-error.js';
import { MetadataResolver, requireMetadataValue, type ManualMetadata } from './metadata-resolver.js';
import { deferred, httpWith, jsonResponse, manualClock, rejectionOf, routedFetch } from './transport.spec-support.js';
import { ProviderRequestError } from '../errors/transport-errors.js';

const ISSUER = 'https://idp.example.com';
const DISCOVERY = `${ISSUER}/.well-known/openid-configuration`;
const HOUR = 3_600_000;

const noManual: ManualMetadata = {
  issuer: null,
  authorization_endpoint: null,
  token_endpoint: null,
  userinfo_endpoint: null,
  jwks_uri: null,
};

function document(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    issuer: ISSUER,
    authorization_endpoint: `${ISSUER}/authorize`,
    token_endpoint: `${ISSUER}/token`,
    userinfo_endpoint: `${ISSUER}/userinfo`,
    jwks_uri: `${ISSUER}/jwks`,
    id_token_signing_alg_values_supported: ['RS256', 'ES256'],
    ...overrides,
  };
}

function setup(handler: () => Response | Promise<Response>, manual: ManualMetadata = noManual, discoveryUrl = DISCOVERY) {
  const net = routedFetch({ [discoveryUrl]: handler });
  const clock = manualClock();
  const resolver = new MetadataResolver(
    { discoveryUrl, discoveryHeaders: { 'X-Tenant': 'acme' }, ttlMs: HOUR, manual },
    httpWith(net.fetch),
    clock,
  );
  return { net, clock, resolver };
}

function providerError(promise: Promise<unknown>): Promise<ProviderRequestError> {
  return rejectionOf(ProviderRequestError, promise);
}

describe('MetadataResolver', () => {
  it('uses manual metadata only, without any network, when there is no discovery URL', async () => {
    const net = routedFetch({});
    const manual: ManualMetadata = { ...noManual, authorization_endpoint: `${ISSUER}/a`, token_endpoint: `${ISSUER}/t` };
    const resolver = new MetadataResolver(
      { discoveryUrl: null, discoveryHeaders: {}, ttlMs: HOUR, manual },
      httpWith(net.fetch),
      manualClock(),
    );
    await expect(resolver.resolve()).resolves.toEqual(manual);
    expect(net.requests).toHaveLength(0);
  });

  it('fetches the document with the configured headers and Accept json', async () => {
    const { net, resolver } = setup(() => jsonResponse(document()));
    const metadata = await resolver.resolve();
    expect(metadata.token_endpoint).toBe(`${ISSUER}/token`);
    expect(metadata.id_token_signing_alg_values_supported).toEqual(['RS256', 'ES256']);
    const request = net.requests[0];
    expect(request?.method).toBe('GET');
    expect(request?.headers.get('x-tenant')).toBe('acme');
    expect(request?.headers.get('accept')).toBe('application/json');
    expect(request?.headers.get('authorization')).toBeNull();
  });

  it('lays non-null manual values over the discovered ones and keeps discovered values for nulls', async () => {
    const manual: ManualMetadata = { ...noManual, userinfo_endpoint: 'https://graph.example.com/me' };
    const { resolver } = setup(() => jsonResponse(document()), manual);
    const metadata = await resolver.resolve();
    expect(metadata.userinfo_endpoint).toBe('https://graph.example.com/me');
    expect(metadata.token_endpoint).toBe(`${ISSUER}/token`);
    expect(metadata.issuer).toBe(ISSUER);
  });

  it('caches the document for the TTL and fetches again afterwards', async () => {
    const { net, clock, resolver } = setup(() => jsonResponse(document()));
    await resolver.resolve();
    clock.advance(HOUR - 1);
    await resolver.resolve();
    expect(net.count(DISCOVERY)).toBe(1);
    clock.advance(1);
    await resolver.resolve();
    expect(net.count(DISCOVERY)).toBe(2);
  });

  it('sends one request for concurrent first callers', async () => {
    const gate = deferred<Response>();
    const { net, resolver } = setup(() => gate.promise);
    const pending = Promise.all([resolver.resolve(), resolver.resolve(), resolver.resolve()]);
    gate.resolve(jsonResponse(document()));
    const results = await pending;
    expect(net.count(DISCOVERY)).toBe(1);
    expect(results.map((m) => m.token_endpoint)).toEqual([`${ISSUER}/token`, `${ISSUER}/token`, `${ISSUER}/token`]);
  });

  it('hands out a deeply frozen document, so a caller cannot alter the cached one', async () => {
    const { resolver } = setup(() => jsonResponse(document()));
    const first = await resolver.resolve();
    expect(() => {
      first.token_endpoint = 'https://evil.example.com/token';
    }).toThrow(TypeError);
    expect(() => first.id_token_signing_alg_values_supported?.push('none')).toThrow(TypeError);
    const second = await resolver.resolve();
    expect(second.token_endpoint).toBe(`${ISSUER}/token`);
    expect(second.id_token_signing_alg_values_supported).toEqual(['RS256', 'ES256']);
  });

  it('keeps serving the stale document when a refresh fails, and retries later', async () => {
    let status = 200;
    const { net, clock, resolver } = setup(() => (status === 200 ? jsonResponse(document()) : jsonResponse({}, status)));
    await resolver.resolve();
    status = 503;
    clock.advance(HOUR);
    await expect(resolver.resolve()).resolves.toMatchObject({ token_endpoint: `${ISSUER}/token` });
    expect(net.count(DISCOVERY)).toBe(2);
    // No hammering of a provider that is down: the next call within the back-off uses the stale copy.
    await resolver.resolve();
    expect(net.count(DISCOVERY)).toBe(2);
    clock.advance(30_000);
    status = 200;
    await resolver.resolve();
    expect(net.count(DISCOVERY)).toBe(3);
  });

  it('fails with http_status when the first fetch fails (nothing to fall back on)', async () => {
    const { resolver } = setup(() => new Response('down', { status: 502 }));
    const error = await providerError(resolver.resolve());
    expect(error).toMatchObject({ endpoint: 'discovery', failure: 'http_status', status: 502 });
  });

  it('rejects a document whose issuer is not the discovery URL prefix (mix-up defence)', async () => {
    const { resolver } = setup(() => jsonResponse(document({ issuer: 'https://other.example.com' })));
    expect((await providerError(resolver.resolve())).failure).toBe('invalid_response');
  });

  it('accepts the issuer with one terminating slash (Discovery 4.1, Auth0) and nothing looser', async () => {
    const slash = setup(() => jsonResponse(document({ issuer: `${ISSUER}/` })));
    expect((await slash.resolver.resolve()).issuer).toBe(`${ISSUER}/`);
    for (const issuer of [`${ISSUER}//`, `${ISSUER}/x`, `${ISSUER}.evil.example/`]) {
      const { resolver } = setup(() => jsonResponse(document({ issuer })));
      expect((await providerError(resolver.resolve())).failure).toBe('invalid_response');
    }
  });

  it('rejects a document without an issuer when fetched from a well-known URL', async () => {
    const { resolver } = setup(() => jsonResponse(document({ issuer: undefined })));
    expect((await providerError(resolver.resolve())).failure).toBe('invalid_response');
  });

  it('does not apply the issuer rule to a discovery URL outside .well-known', async () => {
    const url = 'https://idp.example.com/custom/metadata.json';
    const { resolver } = setup(() => jsonResponse(document({ issuer: 'https://idp.example.com/tenant' })), noManual, url);
    await expect(resolver.resolve()).resolves.toMatchObject({ issuer: 'https://idp.example.com/tenant' });
  });

  it.each(['token_endpoint', 'jwks_uri', 'userinfo_endpoint', 'revocation_endpoint'])(
    'rejects a document naming a plain-http %s',
    async (key) => {
      const { resolver } = setup(() => jsonResponse(document({ [key]: 'http://idp.example.com/x' })));
      expect((await providerError(resolver.resolve())).failure).toBe('insecure_url');
    },
  );

  it('accepts loopback http endpoints (local development IdP)', async () => {
    const local = 'http://127.0.0.1:4000';
    const { resolver } = setup(
      () => jsonResponse(document({ issuer: local, token_endpoint: `${local}/token`, jwks_uri: `${local}/jwks` })),
      noManual,
      `${local}/.well-known/openid-configuration`,
    );
    await expect(resolver.resolve()).resolves.toMatchObject({ token_endpoint: `${local}/token` });
  });

  it('rejects a non-JSON document', async () => {
    const { resolver } = setup(() => new Response('<html/>', { status: 200 }));
    expect((await providerError(resolver.resolve())).failure).toBe('invalid_response');
  });
});

describe('requireMetadataValue', () => {
  it('returns a present value', () => {
    expect(requireMetadataValue({ ...noManual, token_endpoint: `${ISSUER}/token` }, 'token_endpoint')).toBe(`${ISSUER}/token`);
  });

  it.each([null, ''])('throws a ConfigurationError for %p', (value) => {
    expect(() => requireMetadataValue({ ...noManual, authorization_endpoint: value }, 'authorization_endpoint')).toThrow(
      new ConfigurationError('missing required provider metadata: authorization_endpoint'),
    );
  });
});
