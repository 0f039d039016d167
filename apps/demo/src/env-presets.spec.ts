import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pemKeyPair } from '../../../libs/oauth/src/testing/signing-keys.spec-support.js';
import { parsePresetEnv } from './config/preset-env.js';
import { noNetwork, serveDemo, type InProcessServer } from './testing/demo-server.js';

/** Every provider call would go through this: it records the attempt and fails, proving none happens. */
const network = noNetwork();

const APPLE_KEY = pemKeyPair().pem;
const ENV = {
  OAUTH_SECRET: 'q'.repeat(32),
  DEV_IDP: 'off',
  GITHUB_CLIENT_ID: 'Iv1.demo',
  GITHUB_CLIENT_SECRET: 'github-secret',
  APPLE_CLIENT_ID: 'com.example.web',
  APPLE_TEAM_ID: 'TEAM123456',
  APPLE_KEY_ID: 'KEY1234567',
  // As an environment variable usually carries it: one line, \n escapes.
  APPLE_PRIVATE_KEY: APPLE_KEY.replace(/\n/g, '\\n'),
  AUTH0_CLIENT_ID: 'auth0-client',
  AUTH0_CLIENT_SECRET: 'auth0-secret',
  AUTH0_DOMAIN: 'acme.us.auth0.com',
  OKTA_CLIENT_ID: 'okta-client',
  OKTA_CLIENT_SECRET: 'okta-secret',
  OKTA_DOMAIN: 'acme.okta.com',
  KEYCLOAK_CLIENT_ID: 'keycloak-client',
  KEYCLOAK_CLIENT_SECRET: 'keycloak-secret',
  KEYCLOAK_URL: 'https://sso.acme.com',
  KEYCLOAK_REALM: 'acme',
};

describe('demo presets GitHub, Apple, Auth0, Okta, Keycloak from the environment', () => {
  let demo: InProcessServer;

  beforeAll(async () => {
    demo = await serveDemo(ENV, network.fetch);
  });

  afterAll(async () => {
    await demo.close();
  });

  async function authorizationUrl(providerId: string): Promise<URL> {
    // One hop: the demo's login route sets the state cookies and redirects to the provider itself.
    const login = await fetch(`${demo.base}/login/${providerId}`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    return new URL(login.headers.get('location') ?? '');
  }

  it('boots with every preset on, lists them, and calls no provider at start', async () => {
    const html = await (await fetch(`${demo.base}/`)).text();
    for (const id of ['github', 'apple', 'auth0', 'okta', 'keycloak']) expect(html).toContain(`href="/login/${id}"`);
    expect(network.calls).toEqual([]);
  });

  it('sends /login/github and /login/apple to the provider without any network call', async () => {
    const github = await authorizationUrl('github');
    expect(`${github.origin}${github.pathname}`).toBe('https://github.com/login/oauth/authorize');
    const apple = await authorizationUrl('apple');
    expect(`${apple.origin}${apple.pathname}`).toBe('https://appleid.apple.com/auth/authorize');
    expect(apple.searchParams.get('response_mode')).toBe('form_post');
    expect(`${github.href} ${apple.href}`).not.toMatch(/secret|PRIVATE/);
    expect(network.calls).toEqual([]);
  });
});

describe('demo preset environment rules', () => {
  const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
    const problems: string[] = [];
    parsePresetEnv(problems, env);
    return problems;
  };

  it('turns a preset on by its client id and names missing variables, never values', () => {
    expect(problemsOf({ KEYCLOAK_CLIENT_ID: 'k', KEYCLOAK_CLIENT_SECRET: 'very-secret' })).toEqual([
      'KEYCLOAK_CLIENT_ID is set: KEYCLOAK_URL, KEYCLOAK_REALM must be set too',
    ]);
  });

  it('refuses variables of a preset whose client id is missing (a typo would silently disable it)', () => {
    expect(problemsOf({ GITHUB_CLIENT_SECRET: 'x', GITHUB_ENTERPRISE_URL: 'https://github.example.com' })).toEqual([
      'GITHUB_CLIENT_SECRET / GITHUB_ENTERPRISE_URL set but GITHUB_CLIENT_ID is not',
    ]);
  });

  it('leaves every preset off when nothing is set', () => {
    const problems: string[] = [];
    expect(parsePresetEnv(problems, {})).toEqual({});
    expect(problems).toEqual([]);
  });
});
