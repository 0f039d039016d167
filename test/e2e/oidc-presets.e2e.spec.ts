import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Auth0OAuth, KeycloakOAuth, OktaOAuth, type OAuthProviderDefinition } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import type { RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { APP_CLIENT_ID, APP_CLIENT_SECRET, callbackUrl, startOpForApp } from '../helpers/real-op-client.js';

interface PresetCase {
  id: string;
  /** The issuer's path at the IdP being imitated. */
  issuerPath: string;
  preset: (origin: string) => OAuthProviderDefinition;
  /** The issuer the provider's tokens carry (exact string). */
  issuer: (origin: string) => string;
}

const credentials = { clientId: APP_CLIENT_ID, clientSecret: APP_CLIENT_SECRET, defaultErrorRedirectUrl: '/auth/error' };

/** oidc-provider mounted the way each IdP lays out its issuer. */
const CASES: PresetCase[] = [
  {
    id: 'auth0',
    issuerPath: '/',
    preset: (origin) => Auth0OAuth({ ...credentials, domain: origin }),
    issuer: (origin) => `${origin}/`,
  },
  {
    id: 'okta',
    issuerPath: '/oauth2/default',
    preset: (origin) => OktaOAuth({ ...credentials, domain: origin }),
    issuer: (origin) => `${origin}/oauth2/default`,
  },
  {
    id: 'keycloak',
    issuerPath: '/realms/acme',
    preset: (origin) => KeycloakOAuth({ ...credentials, baseUrl: origin, realm: 'acme' }),
    issuer: (origin) => `${origin}/realms/acme`,
  },
];

describe.each(CASES)('$id preset through oidc-provider laid out like the IdP', ({ id, issuerPath, preset, issuer }) => {
  let op: RunningOidcProvider;
  let app: TestApp;
  let repository: InMemoryOAuthRepository;
  let origin: string;

  beforeAll(async () => {
    const port = await freePort();
    op = await startOpForApp([callbackUrl(port, id)], { issuerPath });
    origin = new URL(op.issuer).origin;
    repository = new InMemoryOAuthRepository();
    app = await startTestApp({ port, repository, providers: [preset(origin)] });
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await op?.stop();
  });

  it(`signs in end to end; the ${id} issuer (${issuerPath}) is matched exactly in the iss parameter and the ID token`, async () => {
    expect(op.issuer).toBe(issuer(origin));
    const browser = new TestBrowser();
    const email = `${id}-user@example.com`;
    const trace = await browser.follow(`${app.baseUrl}/login/${id}?login_hint=${encodeURIComponent(email)}`, {
      stopAt: (url) => ['/welcome', '/auth/error'].includes(url.pathname),
    });
    expect(trace.stoppedAt?.pathname).toBe('/welcome');
    const response = trace.hops.find((hop) => hop.location?.includes(`/auth/provider/${id}/callback`));
    expect(new URL(response?.location ?? 'http://x').searchParams.get('iss')).toBe(issuer(origin));
    const individual = await repository.findIndividualByEmail(email);
    expect(individual?.emailVerifiedAt).not.toBeNull();
    expect(await repository.listAccounts(individual?.id ?? '', id)).toHaveLength(1);
  });

  it(`refuses an authorization response whose iss is the ${id} issuer spelled differently (issuer_mismatch)`, async () => {
    const browser = new TestBrowser();
    const trace = await browser.follow(`${app.baseUrl}/login/${id}?login_hint=other-${id}@example.com`, {
      stopAt: (url) => url.pathname === `/auth/provider/${id}/callback`,
    });
    const callback = new URL(trace.stoppedAt?.href ?? 'http://x');
    const wrong = issuer(origin).endsWith('/') ? issuer(origin).slice(0, -1) : `${issuer(origin)}/`;
    callback.searchParams.set('iss', wrong);
    const before = repository.counts();
    const answer = await browser.request(callback.href);
    expect(new URL(answer.location ?? 'http://x').searchParams.get('error')).toBe('issuer_mismatch');
    expect(repository.counts()).toMatchObject({ individuals: before.individuals, accounts: before.accounts });
  });
});
