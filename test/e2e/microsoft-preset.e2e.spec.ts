import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getOAuthClientToken, MicrosoftOAuth, type MicrosoftOAuthClient } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository, TestClock } from '@belgie/nestjs-oauth/testing';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import {
  AUTHORITY,
  PHOTO,
  SCOPE,
  TENANT_A,
  TENANT_B,
  TENANT_C,
  issuerOf,
  signInWithMicrosoft,
  startMicrosoftShapedOp,
  startMicrosoftSignIn,
  type MicrosoftShapedOp,
} from '../fixtures/provider-shaped/microsoft-op.js';

type Claims = Record<string, unknown>;

describe('MicrosoftOAuth preset end to end (multi-tenant, public client, an Entra ID + Graph-shaped OP)', () => {
  let microsoft: MicrosoftShapedOp;
  let app: TestApp;
  let repository: InMemoryOAuthRepository;

  beforeAll(async () => {
    microsoft = await startMicrosoftShapedOp('ms-app');
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
    await microsoft?.op.stop();
  });

  const startSignIn = (browser: TestBrowser): Promise<URL> => startMicrosoftSignIn(browser, app.baseUrl);

  const signIn = (browser: TestBrowser, claims: Claims, iss?: string): Promise<URL> =>
    signInWithMicrosoft(microsoft, browser, app.baseUrl, claims, iss);

  const user = (tid: string, sub: string, email: string, extra: Claims = {}): Claims => ({
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
    const exchange = microsoft.op.tokenRequests().at(-1);
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
    const signedIn = (await client.tokenSet(mia?.id ?? '', null, { autoRefresh: false })).accessToken;
    const account = await client.refreshAccount(mia?.id ?? '');
    // The account now holds the access token the refresh grant issued.
    expect(account.accessToken).not.toBe(signedIn);
    expect(microsoft.op.grants.byAccessToken(account.accessToken ?? '')).not.toBeNull();
    const refresh = microsoft.op.tokenRequests().at(-1);
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
