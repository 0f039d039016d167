import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { ConfigurationError, OAuthModule } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';
import { AcmeOAuth } from '../fixtures/custom-preset/acme-oauth.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import type { RunningOidcProvider } from '../helpers/oidc-provider-process.js';
import { TEST_SECRET, startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { APP_CLIENT_ID, APP_CLIENT_SECRET, callbackUrl, startOpForApp } from '../helpers/real-op-client.js';

describe('a custom preset defined outside the library (self-contained presets)', () => {
  let op: RunningOidcProvider;
  let app: TestApp;
  let repository: InMemoryOAuthRepository;

  beforeAll(async () => {
    const port = await freePort();
    op = await startOpForApp([callbackUrl(port, 'acme')]);
    repository = new InMemoryOAuthRepository();
    app = await startTestApp({
      port,
      repository,
      providers: [
        AcmeOAuth({
          issuer: op.issuer,
          department: 'research',
          clientId: APP_CLIENT_ID,
          clientSecret: APP_CLIENT_SECRET,
          scopes: ['openid', 'email', 'profile'],
          defaultErrorRedirectUrl: '/auth/error',
        }),
      ],
    });
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await op?.stop();
  });

  it('signs in through a real OpenID Provider with its own strategy (authorization params and profile mapping)', async () => {
    const browser = new TestBrowser();
    const trace = await browser.follow(`${app.baseUrl}/login/acme?login_hint=dora@example.com`, {
      stopAt: (url) => ['/welcome', '/auth/error'].includes(url.pathname),
    });
    expect(trace.stoppedAt?.pathname).toBe('/welcome');
    const authorize = trace.hops.find((hop) => hop.url.startsWith(`${op.issuer}/auth?`));
    expect(new URL(authorize?.url ?? 'http://x').searchParams.get('acme_department')).toBe('research');
    const individual = await repository.findIndividualByEmail('dora@example.com');
    expect(individual?.name).toBe('dora (research)');
  });

  it('reports the preset\'s own problems at bootstrap with the generic ones', async () => {
    const bad = AcmeOAuth({ issuer: op.issuer, department: ' ', clientId: '' });
    const boot = Test.createTestingModule({
      imports: [OAuthModule.forRoot({ secret: TEST_SECRET, baseUrl: 'http://127.0.0.1:1', repository: new InMemoryOAuthRepository(), providers: [bad] })],
    }).compile();
    await expect(boot).rejects.toBeInstanceOf(ConfigurationError);
    await expect(boot).rejects.toMatchObject({
      problems: expect.arrayContaining([
        'OAuthModule.providers.acme: AcmeOAuth: department must not be empty',
        expect.stringContaining('clientId must be a non-empty string'),
      ]),
    });
  });
});
