import { describe, expect, it } from '@jest/globals';
import { DEFAULT_DATABASE_URL } from '../persistence/data-source.js';
import { loadDemoConfig } from './demo-config.js';

const SECRET_A = 'a'.repeat(32);
const SECRET_B = 'b'.repeat(40);

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadDemoConfig(env);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected loadDemoConfig to throw');
}

describe('loadDemoConfig', () => {
  it('applies the contract defaults to an empty environment', () => {
    const config = loadDemoConfig({});
    expect(config.port).toBe(3000);
    expect(config.baseUrl).toBe('http://localhost:3000');
    expect(config.databaseUrl).toBe(DEFAULT_DATABASE_URL);
    expect(config.oidc).toBeNull();
    expect(config.google).toBeNull();
    expect(config.microsoft).toBeNull();
    expect(config.devIdp).toEqual({
      issuer: 'http://localhost:3000/dev-idp',
      discoveryUrl: 'http://localhost:3000/dev-idp/.well-known/openid-configuration',
      clientId: 'demo-dev',
      clientSecret: expect.any(String),
      redirectUri: 'http://localhost:3000/auth/provider/dev/callback',
    });
  });

  it('uses a random secret per boot and warns that sessions will not survive a restart', () => {
    const first = loadDemoConfig({});
    const second = loadDemoConfig({});
    expect(first.ephemeralSecret).toBe(true);
    expect(first.secrets).toHaveLength(1);
    expect(first.secrets[0]?.length).toBeGreaterThanOrEqual(32);
    expect(first.secrets[0]).not.toBe(second.secrets[0]);
    expect(first.devIdp?.clientSecret).not.toBe(second.devIdp?.clientSecret);
    expect(first.warnings.join('\n')).toMatch(/will not survive a restart/);
    // The warning names the variable, never a value.
    expect(first.warnings.join('\n')).not.toContain(first.secrets[0]);
  });

  it('derives BASE_URL from PORT and normalises an explicit BASE_URL to its origin', () => {
    expect(loadDemoConfig({ PORT: '4100' }).baseUrl).toBe('http://localhost:4100');
    const config = loadDemoConfig({ PORT: '4100', BASE_URL: 'https://Demo.Example.com/' });
    expect(config.baseUrl).toBe('https://demo.example.com');
  });

  it('runs the dev IdP by default only for a loopback BASE_URL', () => {
    expect(loadDemoConfig({ PORT: '4100' }).devIdp?.issuer).toBe('http://localhost:4100/dev-idp');
    expect(loadDemoConfig({ BASE_URL: 'http://127.0.0.1:4100' }).devIdp).not.toBeNull();
    expect(loadDemoConfig({ BASE_URL: 'http://[::1]:4100' }).devIdp).not.toBeNull();
    expect(loadDemoConfig({ BASE_URL: 'https://demo.example.com' }).devIdp).toBeNull();
  });

  it('anyone becomes anyone: DEV_IDP=on with a non-loopback BASE_URL refuses to start, naming the reason', () => {
    for (const BASE_URL of ['https://demo.example.com', 'http://10.0.0.5:3000', 'http://127.0.0.1.nip.io:3000']) {
      expect(() => loadDemoConfig({ BASE_URL, DEV_IDP: 'on' })).toThrow(/DEV_IDP=on requires a loopback BASE_URL/);
    }
  });

  it('reads a comma-separated OAUTH_SECRET list in order, first = current', () => {
    const config = loadDemoConfig({ OAUTH_SECRET: ` ${SECRET_A} , ${SECRET_B}` });
    expect(config.secrets).toEqual([SECRET_A, SECRET_B]);
    expect(config.ephemeralSecret).toBe(false);
    expect(config.warnings).toEqual([]);
  });

  it('turns the dev IdP off with DEV_IDP=off', () => {
    expect(loadDemoConfig({ DEV_IDP: 'off' }).devIdp).toBeNull();
  });

  it('configures the oidc provider with its defaults', () => {
    const config = loadDemoConfig({ OIDC_ISSUER: 'https://idp.example.com/realms/demo/', OIDC_CLIENT_ID: 'app' });
    expect(config.oidc).toEqual({
      issuer: 'https://idp.example.com/realms/demo/',
      discoveryUrl: 'https://idp.example.com/realms/demo/.well-known/openid-configuration',
      clientId: 'app',
      clientSecret: null,
      scopes: ['openid', 'email', 'profile', 'offline_access'],
      stateStrategy: 'adapter',
      responseMode: 'query',
      requireIssuerParameter: undefined,
      timeoutMs: 10_000,
    });
  });

  it('reads every OIDC_* option', () => {
    const config = loadDemoConfig({
      OIDC_ISSUER: 'http://127.0.0.1:9000',
      OIDC_CLIENT_ID: 'app',
      OIDC_CLIENT_SECRET: 'shh',
      OIDC_SCOPES: 'openid  email',
      OIDC_STATE_STRATEGY: 'cookie',
      OIDC_RESPONSE_MODE: 'form_post',
      OIDC_REQUIRE_ISSUER_PARAMETER: 'false',
      OIDC_TIMEOUT_MS: '2500',
    });
    expect(config.oidc).toMatchObject({
      discoveryUrl: 'http://127.0.0.1:9000/.well-known/openid-configuration',
      clientSecret: 'shh',
      scopes: ['openid', 'email'],
      stateStrategy: 'cookie',
      responseMode: 'form_post',
      requireIssuerParameter: false,
      timeoutMs: 2500,
    });
    expect(loadDemoConfig({ OIDC_ISSUER: 'http://localhost:9000', OIDC_CLIENT_ID: 'app', OIDC_REQUIRE_ISSUER_PARAMETER: 'true' }).oidc?.requireIssuerParameter).toBe(true);
  });

  it('parses the Google and Microsoft preset variables, without warnings', () => {
    const config = loadDemoConfig({
      GOOGLE_CLIENT_ID: 'g',
      GOOGLE_CLIENT_SECRET: 'gs',
      GOOGLE_HOSTED_DOMAIN: 'example.com',
      MICROSOFT_CLIENT_ID: 'm',
      MICROSOFT_CLIENT_SECRET: 'ms',
    });
    expect(config.google).toEqual({ clientId: 'g', clientSecret: 'gs', hostedDomain: 'example.com' });
    expect(config.microsoft).toEqual({ clientId: 'm', clientSecret: 'ms', tenant: null });
    expect(config.warnings.filter((warning) => /GOOGLE|MICROSOFT|preset/.test(warning))).toEqual([]);
  });

  it('accepts a public Microsoft client with a tenant, and rejects preset settings without a client id', () => {
    expect(loadDemoConfig({ MICROSOFT_CLIENT_ID: 'm', MICROSOFT_TENANT: 'contoso.onmicrosoft.com' }).microsoft).toEqual({
      clientId: 'm',
      clientSecret: null,
      tenant: 'contoso.onmicrosoft.com',
    });
    expect(problemsOf({ MICROSOFT_TENANT: 'common' })).toContain('MICROSOFT_CLIENT_ID is not');
    expect(problemsOf({ GOOGLE_HOSTED_DOMAIN: 'example.com' })).toContain('GOOGLE_CLIENT_ID is not');
    expect(problemsOf({ GOOGLE_CLIENT_SECRET: 'gs' })).toContain('GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET');
  });

  it('reports every problem at once in one Error, without echoing secret values', () => {
    const message = problemsOf({
      PORT: 'eighty',
      BASE_URL: 'ftp://example.com',
      OAUTH_SECRET: `${SECRET_A},too-short-secret`,
      DATABASE_URL: 'mongodb://x',
      DEV_IDP: 'maybe',
      OIDC_ISSUER: 'http://idp.example.com',
      OIDC_STATE_STRATEGY: 'session',
      OIDC_RESPONSE_MODE: 'fragment',
      OIDC_REQUIRE_ISSUER_PARAMETER: 'yes',
      OIDC_TIMEOUT_MS: '-5',
      GOOGLE_CLIENT_ID: 'g',
    });
    for (const name of [
      'PORT',
      'BASE_URL',
      'OAUTH_SECRET entry 2',
      'DATABASE_URL',
      'DEV_IDP',
      'OIDC_ISSUER must use https',
      'OIDC_CLIENT_ID is required',
      'OIDC_STATE_STRATEGY',
      'OIDC_RESPONSE_MODE',
      'OIDC_REQUIRE_ISSUER_PARAMETER',
      'OIDC_TIMEOUT_MS',
      'GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET',
    ]) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('too-short-secret');
    expect(message).not.toContain('OAUTH_SECRET entry 1 ');
  });

  it('rejects a BASE_URL with a path and a PORT of 0 without BASE_URL', () => {
    expect(problemsOf({ BASE_URL: 'http://localhost:3000/app' })).toContain('BASE_URL must be an origin');
    expect(problemsOf({ PORT: '0' })).toContain('BASE_URL is required when PORT is 0');
    expect(problemsOf({ PORT: '70000' })).toContain('PORT must be an integer');
  });

  it('rejects OIDC client credentials without an issuer', () => {
    expect(problemsOf({ OIDC_CLIENT_ID: 'app' })).toContain('OIDC_ISSUER is not');
  });
});
