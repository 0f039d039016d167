import { beforeAll, describe, expect, it } from '@jest/globals';
import { jsonResponse, manualClock, routedFetch } from '../../transport/transport.spec-support.js';
import { presetDeps, resolvePreset } from '../preset.spec-support.js';
import { signJwt, signingKey, type TestSigningKey } from '../../testing/signing-keys.spec-support.js';
import { OktaOAuth, type OktaOAuthOptions } from './okta-options.js';

const base = { clientId: '0oa1okta', clientSecret: 'okta-secret', domain: 'acme.okta.com' };
const ORG = 'https://acme.okta.com';
const DEFAULT_SERVER = `${ORG}/oauth2/default`;

describe('OktaOAuth', () => {
  it('defaults to the default custom authorization server', () => {
    const { config, problems } = resolvePreset(OktaOAuth(base));
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ id: 'okta', issuer: DEFAULT_SERVER, discoveryUrl: `${DEFAULT_SERVER}/.well-known/openid-configuration` });
  });

  it('uses the org authorization server for null and a named custom server by id', () => {
    expect(resolvePreset(OktaOAuth({ ...base, authorizationServerId: null })).config).toMatchObject({
      issuer: ORG,
      discoveryUrl: `${ORG}/.well-known/openid-configuration`,
    });
    expect(resolvePreset(OktaOAuth({ ...base, authorizationServerId: 'aus1a2b3c4D' })).config.issuer).toBe(`${ORG}/oauth2/aus1a2b3c4D`);
  });

  it.each(['../default', 'default/x', ''])('refuses the authorization server id %j (it would change the URL path)', (id) => {
    const { problems } = resolvePreset(OktaOAuth({ ...base, authorizationServerId: id } as OktaOAuthOptions));
    expect(problems.join()).toContain('authorizationServerId must be an authorization server id');
  });

  describe('issuer per authorization server', () => {
    let key: TestSigningKey;
    const clock = manualClock(new Date('2030-01-01T00:00:00Z'));
    beforeAll(async () => {
      key = await signingKey();
    });

    function strategyFor(issuer: string, options: Partial<OktaOAuthOptions> = {}) {
      const net = routedFetch({
        [`${issuer}/.well-known/openid-configuration`]: () =>
          jsonResponse({ issuer, authorization_endpoint: `${issuer}/v1/authorize`, token_endpoint: `${issuer}/v1/token`, jwks_uri: `${issuer}/v1/keys` }),
        [`${issuer}/v1/keys`]: () => jsonResponse(key.jwks),
      });
      const definition = OktaOAuth({ ...base, ...options });
      return definition.createStrategy(presetDeps(definition, net.fetch, clock));
    }

    const token = (iss: string) => signJwt(key, { iss, aud: '0oa1okta', sub: '00u1', nonce: 'n' }, clock.now());
    const expectations = { nonce: 'n', requireNonceClaim: false, accessToken: null };

    it('accepts an ID token of the configured custom server', async () => {
      const strategy = strategyFor(DEFAULT_SERVER);
      await expect(strategy.validateIdToken(await token(DEFAULT_SERVER), expectations)).resolves.toMatchObject({ sub: '00u1' });
    });

    it('Okta token from the org authorization server is refused by a custom-server preset', async () => {
      const strategy = strategyFor(DEFAULT_SERVER);
      await expect(strategy.validateIdToken(await token(ORG), expectations)).rejects.toMatchObject({ code: 'oauth_code_verification_failed' });
    });

    it('Okta token from a custom authorization server is refused by an org-server preset', async () => {
      const strategy = strategyFor(ORG, { authorizationServerId: null });
      await expect(strategy.validateIdToken(await token(DEFAULT_SERVER), expectations)).rejects.toMatchObject({ code: 'oauth_code_verification_failed' });
    });
  });
});
