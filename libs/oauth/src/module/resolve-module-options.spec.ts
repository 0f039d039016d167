import { describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { ConfigurationError } from '../errors/oauth-error.js';
import { OAuthProvider } from '../providers/provider-definition.js';
import type { GenericProviderOptions } from '../providers/provider-options.js';
import { InMemoryOAuthRepository } from '../testing/in-memory-oauth-repository.js';
import { OAuthModule } from './oauth.module.js';
import { resolveModuleOptions } from './resolve-module-options.js';

const SECRET = 'module-secret-0123456789-abcdefghijklmn';
const manual = {
  authorizationEndpoint: 'https://id.example/authorize',
  tokenEndpoint: 'https://id.example/token',
};

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('resolveModuleOptions', () => {
  it('applies the spec defaults', () => {
    const options = resolveModuleOptions({ secret: SECRET, baseUrl: 'http://localhost:3000/app/' }, [
      OAuthProvider({ id: 'acme', clientId: 'client', clientType: 'public', ...manual }),
    ]);
    const acme = options.providers.get('acme');
    expect(options.basePath).toBe('/app');
    expect(options.baseOrigin).toBe('http://localhost:3000');
    expect(options.cookies).toEqual({ secure: false, sameSite: 'lax', domain: null, namePrefix: '' });
    expect(options.sessionCookieName).toBe('belgie_session');
    expect(options.sessionMaxAgeSeconds).toBe(604_800);
    expect(options.sessionAbsoluteMaxAgeSeconds).toBe(2_592_000);
    expect(acme).toMatchObject({
      stateStrategy: 'adapter',
      usePkce: true,
      codeChallengeMethod: 'S256',
      useNonce: true,
      updateAccountOnSignIn: true,
      allowImplicitAccountLinking: true,
      responseType: 'code',
      responseMode: null,
      timeoutMs: 10_000,
      // No secret: a public client authenticates with nothing (spec §3.1).
      tokenEndpointAuthMethod: 'none',
      requireIssuerParameter: undefined,
    });
  });

  it('makes cookies Secure when the base URL is https', () => {
    const options = resolveModuleOptions({ secret: SECRET, baseUrl: 'https://app.example' }, [
      OAuthProvider({ id: 'acme', clientId: ['web', 'ios'], clientSecret: 's', ...manual }),
    ]);
    expect(options.cookies.secure).toBe(true);
    // __Host- names: the browser then refuses the cookie unless Secure, Path=/ and host-only.
    expect(options.cookies.namePrefix).toBe('__Host-');
    expect(options.sessionCookieName).toBe('__Host-belgie_session');
    expect(options.providers.get('acme')).toMatchObject({ primaryClientId: 'web', clientIds: ['web', 'ios'], tokenEndpointAuthMethod: 'client_secret_post' });
  });

  it('keeps plain cookie names when a Domain is set (a __Host- cookie may not have one)', () => {
    const options = resolveModuleOptions({ secret: SECRET, baseUrl: 'https://app.example', cookies: { domain: 'app.example' } }, [
      OAuthProvider({ id: 'acme', clientId: 'web', clientSecret: 's', ...manual }),
    ]);
    expect(options.cookies.namePrefix).toBe('');
    expect(options.sessionCookieName).toBe('belgie_session');
  });

  it('reports every problem at once', () => {
    const bad = {
      id: 'bad id!',
      clientId: [],
      discoveryUrl: 'http://id.example/.well-known/openid-configuration',
      stateStrategy: 'session',
      timeoutMs: -1,
      colour: 'blue',
    } as unknown as GenericProviderOptions;
    const problems = problemsOf(() =>
      resolveModuleOptions({ secret: 'short', baseUrl: 'not a url', cookies: { sameSite: 'none', secure: false } }, [
        OAuthProvider(bad),
        OAuthProvider({ id: 'dup', clientId: 'c', ...manual }),
        OAuthProvider({ id: 'dup', clientId: 'c', ...manual }),
      ]),
    );
    const text = problems.join('\n');
    expect(text).toContain('secret: every secret must be at least 32 characters');
    expect(text).toContain('baseUrl must be an absolute http(s) URL');
    expect(text).toContain('sameSite "none" requires secure cookies');
    expect(text).toContain('id must match');
    expect(text).toContain('clientId must be a non-empty string');
    expect(text).toContain('discoveryUrl must be an https URL');
    expect(text).toContain('stateStrategy must be one of adapter, cookie');
    expect(text).toContain('timeoutMs must be a positive integer');
    expect(text).toContain('unknown option "colour"');
    expect(text).toContain('duplicate provider id "dup"');
    expect(problems.length).toBeGreaterThanOrEqual(10);
  });

  it('regression: a provider whose secret is missing fails naming it unless declared public', () => {
    const problems = problemsOf(() =>
      resolveModuleOptions({ secret: SECRET, baseUrl: 'http://localhost' }, [
        OAuthProvider({ id: 'forgot', clientId: 'c', ...manual }),
        OAuthProvider({ id: 'both', clientId: 'c', clientSecret: 's', tokenEndpointAuthMethod: 'none', ...manual }),
      ]),
    );
    expect(problems).toEqual([
      "OAuthModule.providers.forgot: clientSecret is missing: give it, or declare a public client with clientType: 'public'",
      'OAuthModule.providers.both: clientSecret is set on a public client: remove the secret or the public declaration',
    ]);
    const declared = resolveModuleOptions({ secret: SECRET, baseUrl: 'http://localhost' }, [
      OAuthProvider({ id: 'spa', clientId: 'c', tokenEndpointAuthMethod: 'none', ...manual }),
    ]);
    expect(declared.providers.get('spa')?.tokenEndpointAuthMethod).toBe('none');
  });

  it('requires discovery or both manual endpoints', () => {
    const problems = problemsOf(() =>
      resolveModuleOptions({ secret: SECRET, baseUrl: 'http://localhost' }, [
        OAuthProvider({ id: 'acme', clientId: 'c', clientSecret: 's', authorizationEndpoint: 'https://id.example/authorize' }),
      ]),
    );
    expect(problems).toEqual([expect.stringContaining('set discoveryUrl, or both authorizationEndpoint and tokenEndpoint')]);
  });

  it('accepts plain http only for loopback providers', () => {
    expect(() =>
      resolveModuleOptions({ secret: SECRET, baseUrl: 'http://localhost' }, [
        OAuthProvider({ id: 'local', clientId: 'c', clientSecret: 's', discoveryUrl: 'http://127.0.0.1:9000/.well-known/openid-configuration' }),
      ]),
    ).not.toThrow();
  });
});

describe('OAuthModule bootstrap', () => {
  it('fails to start with one ConfigurationError listing every problem (forRoot)', async () => {
    const build = Test.createTestingModule({
      imports: [
        OAuthModule.forRoot({
          secret: 'short',
          baseUrl: 'nope',
          repository: new InMemoryOAuthRepository(),
          providers: [OAuthProvider({ id: 'acme', clientId: 'c' })],
        }),
      ],
    }).compile();
    await expect(build).rejects.toThrow(ConfigurationError);
    await expect(build).rejects.toThrow(/secret[\s\S]*baseUrl[\s\S]*discoveryUrl/);
  });

  it('takes values from an async factory (forRootAsync)', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        OAuthModule.forRootAsync({
          repository: new InMemoryOAuthRepository(),
          providers: { acme: OAuthProvider },
          useFactory: async () => ({
            secret: [SECRET, `${SECRET}-old`],
            baseUrl: 'https://app.example',
            providers: { acme: { clientId: 'c', clientSecret: 's', ...manual } },
          }),
        }),
      ],
    }).compile();
    await moduleRef.init();
    const client = moduleRef.get<{ signInUrl(): Promise<string> }>('OAuthClient:acme');
    const url = new URL(await client.signInUrl());
    expect(url.origin).toBe('https://app.example');
    expect(url.pathname).toBe('/auth/provider/acme/start');
    await moduleRef.close();
  });
});
