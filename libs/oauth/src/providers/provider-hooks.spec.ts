import { describe, expect, it } from '@jest/globals';
import { ProviderRequestError } from '../errors/transport-errors.js';
import { jsonResponse, manualClock, rejectionOf, routedFetch, type RouteHandler } from '../transport/transport.spec-support.js';
import { presetDeps, tokenSet } from './preset.spec-support.js';
import type { ProviderHooks } from './provider-options.js';
import { OAuthProvider } from './provider-definition.js';

const clock = manualClock(new Date('2030-01-01T00:00:00Z'));
const ISSUER = 'https://idp.example';
const TOKEN_URL = `${ISSUER}/token`;
const USERINFO_URL = `${ISSUER}/userinfo`;
const CUSTOM_URL = 'https://api.idp.example/custom-token';
const CAP = 256;

function setup(hooks: ProviderHooks, routes: Record<string, RouteHandler>) {
  const net = routedFetch(routes);
  const definition = OAuthProvider({
    id: 'hooked',
    clientId: 'client-1',
    clientSecret: 'secret-1',
    issuer: ISSUER,
    authorizationEndpoint: `${ISSUER}/authorize`,
    tokenEndpoint: TOKEN_URL,
    userinfoEndpoint: USERINFO_URL,
    maxResponseBytes: CAP,
    hooks,
  });
  return { net, strategy: definition.createStrategy(presetDeps(definition, net.fetch, clock)) };
}

/** A body sent in chunks with no Content-Length: only counting while reading can stop it. */
function chunkedResponse(totalBytes: number): Response {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      const chunk = new TextEncoder().encode('x'.repeat(Math.min(64, totalBytes - sent)));
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return new Response(body, { headers: { 'content-type': 'application/json' } });
}

describe('provider hooks (spec §14.1): what they receive', () => {
  it('getToken replaces the code exchange and gets the client, redirect URI, metadata and a working fetch', async () => {
    const seen: Record<string, unknown> = {};
    const { net, strategy } = setup(
      {
        getToken: async (http, code, _params, verifier) => {
          Object.assign(seen, { clientId: http.clientId, secret: http.clientSecret, redirectUri: http.redirectUri, issuer: http.metadata.issuer, code, verifier });
          const response = await http.fetch(CUSTOM_URL, { method: 'POST' });
          return (await response.json()) as Record<string, unknown>;
        },
      },
      { [CUSTOM_URL]: () => jsonResponse({ access_token: 'at-hook', token_type: 'Bearer', expires_in: 60 }, 200, { 'x-extra': 'kept' }) },
    );
    const set = await strategy.exchangeCode('code-1', 'v'.repeat(43));
    expect(set.accessToken).toBe('at-hook');
    expect(seen).toEqual({
      clientId: 'client-1',
      secret: 'secret-1',
      redirectUri: 'http://127.0.0.1:3000/auth/provider/hooked/callback',
      issuer: ISSUER,
      code: 'code-1',
      verifier: 'v'.repeat(43),
    });
    expect(net.count(CUSTOM_URL)).toBe(1);
    expect(net.count(TOKEN_URL)).toBe(0);
  });

  it('a response under the cap reaches the hook unchanged: status, headers and body', async () => {
    let status = 0;
    let header: string | null = null;
    const { strategy } = setup(
      {
        getToken: async (http) => {
          const response = await http.fetch(CUSTOM_URL);
          status = response.status;
          header = response.headers.get('x-extra');
          return (await response.json()) as Record<string, unknown>;
        },
      },
      { [CUSTOM_URL]: () => jsonResponse({ access_token: 'at-2', token_type: 'Bearer' }, 201, { 'x-extra': 'kept' }) },
    );
    await expect(strategy.exchangeCode('code-1', null)).resolves.toMatchObject({ accessToken: 'at-2' });
    expect(status).toBe(201);
    expect(header).toBe('kept');
  });

  it('refreshTokens and getUserinfo get the bearer token of the operation', async () => {
    const tokens: Array<string | null> = [];
    const { strategy } = setup(
      {
        refreshTokens: async (http) => {
          tokens.push(http.token);
          return { access_token: 'at-new', token_type: 'Bearer' };
        },
        getUserinfo: async (http) => {
          tokens.push(http.token);
          const response = await http.fetch(USERINFO_URL, { headers: { authorization: `Bearer ${http.token ?? ''}` } });
          return (await response.json()) as Record<string, unknown>;
        },
      },
      { [USERINFO_URL]: () => jsonResponse({ sub: 'subject-1', email: 'ada@example.com', email_verified: true }) },
    );
    const refreshed = await strategy.refresh(tokenSet({ accessToken: 'at-old', refreshToken: 'rt-1' }));
    expect(refreshed.accessToken).toBe('at-new');
    const profile = await strategy.resolveProfile(tokenSet({ accessToken: 'at-new' }), {});
    expect(profile.providerAccountId).toBe('subject-1');
    expect(tokens).toEqual(['at-old', 'at-new']);
  });
});

describe('provider hooks: the body cap holds for what a hook reads too', () => {
  it('attack: a token answer declaring more than maxResponseBytes is refused before it is read (response_too_large)', async () => {
    const { strategy } = setup(
      { getToken: async (http) => (await (await http.fetch(CUSTOM_URL)).json()) as Record<string, unknown> },
      { [CUSTOM_URL]: () => new Response('{}', { headers: { 'content-length': String(CAP * 1000), 'content-type': 'application/json' } }) },
    );
    const error = await rejectionOf(ProviderRequestError, strategy.exchangeCode('code-1', null));
    expect(error).toBeInstanceOf(ProviderRequestError);
    expect(error).toMatchObject({ endpoint: 'token', failure: 'response_too_large' });
  });

  it('attack: a userinfo answer streamed without a length stops at the cap while the hook reads it', async () => {
    const { strategy } = setup(
      { getUserinfo: async (http) => (await (await http.fetch(USERINFO_URL)).json()) as Record<string, unknown> },
      { [USERINFO_URL]: () => chunkedResponse(CAP * 100) },
    );
    const error = await rejectionOf(ProviderRequestError, strategy.resolveProfile(tokenSet({ accessToken: 'at-1' }), {}));
    expect(error).toBeInstanceOf(ProviderRequestError);
    expect(error).toMatchObject({ endpoint: 'userinfo', failure: 'response_too_large' });
  });

  it('a streamed answer of exactly the cap is read whole', async () => {
    let length = 0;
    const { strategy } = setup(
      {
        getToken: async (http) => {
          length = (await (await http.fetch(CUSTOM_URL)).text()).length;
          return { access_token: 'at-3', token_type: 'Bearer' };
        },
      },
      { [CUSTOM_URL]: () => chunkedResponse(CAP) },
    );
    await strategy.exchangeCode('code-1', null);
    expect(length).toBe(CAP);
  });
});
