import { createHash } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { TestBrowser } from './browser.js';
import { signJwt, signingKey, type TestSigningKey } from '../../libs/oauth/src/testing/signing-keys.spec-support.js';

export const AUTHORITY = 'https://login.microsoftonline.com';
const TOKEN_URL = `${AUTHORITY}/common/oauth2/v2.0/token`;
const JWKS_URL = `${AUTHORITY}/common/discovery/v2.0/keys`;
const USERINFO_URL = 'https://graph.microsoft.com/oidc/userinfo';
const PHOTO_URL = 'https://graph.microsoft.com/v1.0/me/photos/64x64/$value';
export const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]);
export const TENANT_A = 'aaaaaaaa-1111-2222-3333-444444444444';
export const TENANT_B = 'bbbbbbbb-1111-2222-3333-444444444444';
export const TENANT_C = 'cccccccc-1111-2222-3333-444444444444';
export const SCOPE = 'openid profile email offline_access User.Read';

export const issuerOf = (tid: string): string => `${AUTHORITY}/${tid}/v2.0`;

/** Entra ID's token and key endpoints and Graph, answered locally with a real key (only `fetch` is faked). */
export class FakeMicrosoft {
  readonly tokenRequests: URLSearchParams[] = [];
  private readonly grants = new Map<string, { challenge: string; claims: JWTPayload }>();
  /** Graph answers for the subject the access token was issued to. */
  private readonly accessTokens = new Map<string, JWTPayload>();
  private counter = 0;

  private constructor(private readonly key: TestSigningKey) {}

  static async create(): Promise<FakeMicrosoft> {
    return new FakeMicrosoft(await signingKey('m1'));
  }

  readonly fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (request.url === JWKS_URL) return Response.json(this.key.jwks);
    if (request.url === TOKEN_URL && request.method === 'POST') return this.token(new URLSearchParams(await request.text()));
    const claims = this.accessTokens.get((request.headers.get('authorization') ?? '').replace(/^Bearer /, ''));
    if (!claims) return new Response(null, { status: 401 });
    if (request.url === USERINFO_URL) {
      return Response.json({ sub: claims.sub, name: `${String(claims['name'])} (Graph)`, email: claims['email'] });
    }
    if (request.url === PHOTO_URL) return new Response(PHOTO, { headers: { 'content-type': 'image/jpeg' } });
    throw new TypeError('fetch failed');
  }) as typeof fetch;

  approve(authorizeUrl: URL, claims: JWTPayload): string {
    const code = `code-${++this.counter}`;
    this.grants.set(code, {
      challenge: authorizeUrl.searchParams.get('code_challenge') ?? '',
      claims: { aud: 'ms-app', nonce: authorizeUrl.searchParams.get('nonce') ?? undefined, ...claims },
    });
    return code;
  }

  private async token(body: URLSearchParams): Promise<Response> {
    this.tokenRequests.push(body);
    if (body.get('grant_type') === 'refresh_token') {
      return Response.json({ access_token: `at-r${++this.counter}`, token_type: 'Bearer', expires_in: 3600, scope: body.get('scope') });
    }
    const grant = this.grants.get(body.get('code') ?? '');
    const verifier = body.get('code_verifier') ?? '';
    if (!grant || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
      return Response.json({ error: 'invalid_grant' }, { status: 400 });
    }
    const idToken = await signJwt(this.key, grant.claims);
    const accessToken = `at-${this.counter}`;
    this.accessTokens.set(accessToken, grant.claims);
    return Response.json({ access_token: accessToken, token_type: 'Bearer', expires_in: 3600, scope: SCOPE, refresh_token: 'rt', id_token: idToken });
  }
}


/** Follows the app's `/login/microsoft` until the browser would leave for Microsoft; returns that authorize URL. */
export async function startMicrosoftSignIn(browser: TestBrowser, baseUrl: string): Promise<URL> {
  const trace = await browser.follow(`${baseUrl}/login/microsoft`, { stopAt: (url) => url.hostname === 'login.microsoftonline.com' });
  if (!trace.stoppedAt) throw new Error('the sign-in did not reach Microsoft');
  return trace.stoppedAt;
}

/** A whole Microsoft sign-in as `claims` (the fake approves at once); returns where the app landed the browser. */
export async function signInWithMicrosoft(microsoft: FakeMicrosoft, browser: TestBrowser, baseUrl: string, claims: JWTPayload, iss?: string): Promise<URL> {
  const authorizeUrl = await startMicrosoftSignIn(browser, baseUrl);
  const callback = new URL(authorizeUrl.searchParams.get('redirect_uri') ?? '');
  callback.searchParams.set('code', microsoft.approve(authorizeUrl, claims));
  callback.searchParams.set('state', authorizeUrl.searchParams.get('state') ?? '');
  if (iss !== undefined) callback.searchParams.set('iss', iss);
  const trace = await browser.follow(callback.href, {
    init: { initiator: `${AUTHORITY}/` },
    stopAt: (url) => url.origin === baseUrl && ['/welcome', '/', '/after', '/auth/error'].includes(url.pathname),
  });
  if (!trace.stoppedAt) throw new Error(`callback ended with HTTP ${trace.final.status}`);
  return trace.stoppedAt;
}
