import { afterEach, describe, expect, it } from '@jest/globals';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { OAuthModule, OAuthProvider, type OAuthProviderDefinition } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';
import { LogCapture } from '../helpers/log-capture.js';
import { TEST_SECRET } from '../helpers/oauth-test-app.js';

/**
 * RFC 9700 §2.1.1: PKCE with S256 for every code flow. `plain` puts the verifier itself in the front
 * channel; a misspelt method (`s256`) used to be accepted and send no challenge at all. Turning PKCE
 * off takes `usePkce: false`, and every boot says so in the log.
 */
const manual = {
  clientId: 'pkce-client',
  clientSecret: 'pkce-client-secret',
  issuer: 'https://id.example',
  authorizationEndpoint: 'https://id.example/authorize',
  tokenEndpoint: 'https://id.example/token',
};

@Module({})
class PkceRootModule {}

let app: INestApplication | null = null;

async function boot(provider: OAuthProviderDefinition, logs: LogCapture): Promise<INestApplication> {
  app = await NestFactory.create(
    {
      module: PkceRootModule,
      imports: [OAuthModule.forRoot({ secret: TEST_SECRET, baseUrl: 'http://127.0.0.1:1', providers: [provider], repository: new InMemoryOAuthRepository() })],
    },
    { logger: logs, abortOnError: false },
  );
  await app.init();
  return app;
}

afterEach(async () => {
  await app?.close();
  app = null;
});

describe('PKCE policy (RFC 9700 §2.1.1)', () => {
  it.each(['s256', 'plain', 'S384'])('attack surface: codeChallengeMethod %p (no or a front-channel challenge) is refused at bootstrap', async (method) => {
    const logs = new LogCapture();
    const provider = OAuthProvider({ id: 'acme', ...manual, codeChallengeMethod: method as 'S256' });
    await expect(boot(provider, logs)).rejects.toThrow(/codeChallengeMethod must be one of S256/);
  });

  it('PKCE is on by default and no warning is logged', async () => {
    const logs = new LogCapture();
    await boot(OAuthProvider({ id: 'acme', ...manual }), logs);
    expect(logs.warningEvents('oauth.pkce_disabled')).toEqual([]);
    expect(logs.lines.filter((line) => line.level === 'warn')).toEqual([]);
  });

  it('usePkce: false is the explicit opt-out and logs oauth.pkce_disabled at bootstrap', async () => {
    const logs = new LogCapture();
    await boot(OAuthProvider({ id: 'acme', ...manual, usePkce: false }), logs);
    expect(logs.warningEvents('oauth.pkce_disabled')).toEqual([{ event: 'oauth.pkce_disabled', provider: 'acme' }]);
  });
});
