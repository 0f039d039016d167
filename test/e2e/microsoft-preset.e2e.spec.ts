import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JWTPayload } from 'jose';
import { getOAuthClientToken, MicrosoftOAuth, type MicrosoftOAuthClient } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository, TestClock } from '@belgie/nestjs-oauth/testing';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { RsaSigningKey } from '../helpers/rsa-signing-key.js';

const AUTHORITY = 'https://login.microsoftonline.com';
const TOKEN_URL = `${AUTHORITY}/common/oauth2/v2.0/token`;
const JWKS_URL = `${AUTHORITY}/common/discovery/v2.0/keys`;
const USERINFO_URL = 'https://graph.microsoft.com/oidc/userinfo';
const PHOTO_URL = 'https://graph.microsoft.com/v1.0/me/photos/64x64/$value';
const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]);
const TENANT_A = 'aaaaaaaa-1111-2222-3333-444444444444';
const TENANT_B = 'bbbbbbbb-1111-2222-3333-444444444444';
const TENANT_C = 'cccccccc-1111-2222-3333-444444444444';
const SCOPE = 'openid profile email offline_access User.Read';

const issuerOf = (tid: string): string => `${AUTHORITY}/${tid}/v2.0`;

/** Entra ID's token and key endpoints and Graph, answered locally with a real key (only `fetch` is faked). */
class FakeMicrosoft {
  readonly tokenRequests: URLSearchParams[] = [];
  private readonly grants = new Map<string, { challenge: string; claims: JWTPayload }>();
  /** Graph answers for the subject the access token was issued to. */
  private readonly accessTokens = new Map<string, JWTPayload>();
  private counter = 0;

  private constructor(private readonly key: RsaSigningKey) {}

  static async create(): Promise<FakeMicrosoft> {
    return new FakeMicrosoft(await RsaSigningKey.create('m1'));
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
    const idToken = await this.key.sign(grant.claims);
    const accessToken = `at-${this.counter}`;
    this.accessTokens.set(accessToken, grant.claims);
    return Response.json({ access_token: accessToken, token_type: 'Bearer', expires_in: 3600, scope: SCOPE, refresh_token: 'rt', id_token: idToken });
  }
}

describe('MicrosoftOAuth preset end to end (multi-tenant, public client, fake Entra ID + Graph)', () => {
  let microsoft: FakeMicrosoft;
  let app: TestApp;
  let repository: InMemoryOAuthRepository;

  beforeAll(async () => {
    microsoft = await FakeMicrosoft.create();
    repository = new InMemoryOAuthRepository();
    app = await startTestApp({
      port: await freePort(),
      repository,
      fetch: microsoft.fetch,
      clock: new TestClock(),
      providers: [MicrosoftOAuth({ clientId: 'ms-app', clientType: 'public', tenant: 'common', allowedTenants: [TENANT_A, TENANT_B], profilePhotoSize: 64 })],
    });
  }, 30_000);

  afterAll(async () => {
    await app?.close();
  });

  async function startSignIn(browser: TestBrowser): Promise<URL> {
    const trace = await browser.follow(`${app.baseUrl}/login/microsoft`, { stopAt: (url) => url.hostname === 'login.microsoftonline.com' });
    if (!trace.stoppedAt) throw new Error('the sign-in did not reach Microsoft');
    return trace.stoppedAt;
  }

  async function signIn(browser: TestBrowser, claims: JWTPayload, iss?: string): Promise<URL> {
    const authorizeUrl = await startSignIn(browser);
    const callback = new URL(authorizeUrl.searchParams.get('redirect_uri') ?? '');
    callback.searchParams.set('code', microsoft.approve(authorizeUrl, claims));
    callback.searchParams.set('state', authorizeUrl.searchParams.get('state') ?? '');
    if (iss !== undefined) callback.searchParams.set('iss', iss);
    const trace = await browser.follow(callback.href, {
      init: { initiator: `${AUTHORITY}/` },
      stopAt: (url) => url.origin === app.baseUrl && ['/welcome', '/', '/auth/error'].includes(url.pathname),
    });
    if (!trace.stoppedAt) throw new Error(`callback ended with HTTP ${trace.final.status}`);
    return trace.stoppedAt;
  }

  const user = (tid: string, sub: string, email: string, extra: JWTPayload = {}): JWTPayload => ({
    tid,
    iss: issuerOf(tid),
    sub,
    email,
    preferred_username: email,
    name: 'Mia',
    ...extra,
  });

  it('sends the tenant authorize URL with query mode and no prompt/access_type', async () => {
    const url = await startSignIn(new TestBrowser());
    expect(`${url.origin}${url.pathname}`).toBe(`${AUTHORITY}/common/oauth2/v2.0/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: 'ms-app', scope: SCOPE, response_mode: 'query' });
    expect(url.searchParams.has('prompt')).toBe(false);
    expect(url.searchParams.has('access_type')).toBe(false);
  });

  it('signs in as a public client, with Graph userinfo and the photo as a data URL, keyed by sub', async () => {
    const browser = new TestBrowser();
    const landed = await signIn(browser, user(TENANT_A, 'sub-mia', 'mia@a.test'), issuerOf(TENANT_A));
    expect(landed.pathname).toBe('/welcome');
    const exchange = microsoft.tokenRequests.at(-1);
    expect(exchange?.get('client_id')).toBe('ms-app');
    expect(exchange?.has('client_secret')).toBe(false);
    const me = JSON.parse((await browser.request(`${app.baseUrl}/me`)).body) as {
      individual: { name: string; image: string; emailVerifiedAt: string | null };
      accounts: { providerAccountId: string }[];
    };
    expect(me.individual.name).toBe('Mia (Graph)');
    expect(me.individual.image).toBe(`data:image/jpeg;base64,${PHOTO.toString('base64')}`);
    // A Microsoft email claim is not proof of ownership: the individual is created unverified.
    expect(me.individual.emailVerifiedAt).toBeNull();
    expect(me.accounts).toEqual([expect.objectContaining({ providerAccountId: 'sub-mia' })]);
  });

  it('keeps recognising the person by sub when the email claim changes', async () => {
    const landed = await signIn(new TestBrowser(), user(TENANT_A, 'sub-mia', 'renamed@a.test'));
    expect(landed.pathname).toBe('/');
    const mia = await repository.findIndividualByEmail('mia@a.test');
    expect(await repository.listAccounts(mia?.id ?? '', 'microsoft')).toHaveLength(1);
    expect(await repository.findIndividualByEmail('renamed@a.test')).toBeNull();
  });

  it('refreshes with the stored scope through the typed client', async () => {
    const client = app.app.get<string, MicrosoftOAuthClient>(getOAuthClientToken('microsoft'));
    expect(client.providerId).toBe('microsoft');
    const mia = await repository.findIndividualByEmail('mia@a.test');
    const account = await client.refreshAccount(mia?.id ?? '');
    expect(account.accessToken).toMatch(/^at-r/);
    const refresh = microsoft.tokenRequests.at(-1);
    expect(refresh?.get('grant_type')).toBe('refresh_token');
    expect(refresh?.get('scope')).toBe(SCOPE);
  });

  it.each([
    ['a tenant outside allowedTenants', user(TENANT_C, 'sub-c', 'c@c.test'), undefined, 'oauth_code_verification_failed'],
    ['an iss forged for another tenant than tid', user(TENANT_A, 'sub-f', 'f@a.test', { iss: issuerOf(TENANT_B) }), undefined, 'oauth_code_verification_failed'],
    ['the multi-tenant template as iss', user(TENANT_A, 'sub-t', 't@a.test', { iss: `${AUTHORITY}/{tenantid}/v2.0` }), undefined, 'oauth_code_verification_failed'],
    ['an iss parameter of a tenant outside allowedTenants', user(TENANT_A, 'sub-p', 'p@a.test'), issuerOf(TENANT_C), 'issuer_mismatch'],
    ['an iss parameter of another authority', user(TENANT_A, 'sub-q', 'q@a.test'), `https://evil.example/${TENANT_A}/v2.0`, 'issuer_mismatch'],
  ])('rejects %s and stores nothing', async (_label, claims, iss, code) => {
    const before = repository.counts();
    const landed = await signIn(new TestBrowser(), claims, iss);
    expect(landed.pathname).toBe('/auth/error');
    expect(landed.searchParams.get('error')).toBe(code);
    expect(repository.counts()).toMatchObject({ individuals: before.individuals, accounts: before.accounts, sessions: before.sessions });
  });

  it('nOAuth: another tenant claiming an existing person\'s email is not linked (account_not_linked)', async () => {
    const victim = await repository.createIndividual({ email: 'ceo@victim.test', emailVerifiedAt: new Date(), name: 'CEO', image: null });
    const landed = await signIn(new TestBrowser(), user(TENANT_B, 'sub-attacker', 'ceo@victim.test'));
    expect(landed.searchParams.get('error')).toBe('account_not_linked');
    expect(await repository.findAccount('microsoft', 'sub-attacker')).toBeNull();
    expect(await repository.listAccounts(victim.id, 'microsoft')).toEqual([]);
  });
});
