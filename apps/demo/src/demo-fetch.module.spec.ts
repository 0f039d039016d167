import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { noNetwork, serveDemo, type InProcessServer } from './testing/demo-server.js';

const DISCOVERY = 'https://acme.us.auth0.com/.well-known/openid-configuration';

const network = noNetwork();

describe('DEMO_FETCH overridden in a testing module', () => {
  let demo: InProcessServer;

  beforeAll(async () => {
    const env = { OAUTH_SECRET: 'f'.repeat(32), DEV_IDP: 'off', AUTH0_CLIENT_ID: 'auth0-client', AUTH0_CLIENT_SECRET: 'auth0-secret', AUTH0_DOMAIN: 'acme.us.auth0.com' };
    demo = await serveDemo(env, network.fetch);
  });

  afterAll(async () => {
    await demo.close();
  });

  it('reaches the OAuth module through forRootAsync: its discovery request goes to the override', async () => {
    const login = await fetch(`${demo.base}/login/auth0`, { redirect: 'manual' });
    expect(login.status).toBe(503);
    expect(await login.json()).toMatchObject({ code: 'provider_unavailable' });
    expect(network.calls).toEqual([DISCOVERY]);
  });
});
