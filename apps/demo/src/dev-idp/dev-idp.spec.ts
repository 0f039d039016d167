import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { decodeJwt } from 'jose';
import type { DevIdpConfig } from '../config/demo-config.js';
import { TestBrowser, type BrowserResponse } from '../../../../test/helpers/browser.js';
import { serveInProcess, type InProcessServer } from '../testing/in-process-server.js';
import { DevAccounts } from './dev-accounts.js';
import { createDevIdp, mountDevIdp } from './dev-idp.js';

@Module({})
class EmptyModule {}

function location(response: BrowserResponse): URL {
  if (response.location === null) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(response.location);
}

describe('embedded development IdP', () => {
  let server: InProcessServer;
  let base: string;
  let config: DevIdpConfig;

  beforeAll(async () => {
    // The issuer needs the port: serveInProcess listens first and builds the app with its base URL.
    server = await serveInProcess(async (url) => {
      config = {
        issuer: `${url}/dev-idp`,
        discoveryUrl: `${url}/dev-idp/.well-known/openid-configuration`,
        clientId: 'demo-dev',
        clientSecret: randomBytes(32).toString('base64url'),
        redirectUri: `${url}/auth/provider/dev/callback`,
      };
      const app = await NestFactory.create(EmptyModule, { logger: false });
      mountDevIdp(app, await createDevIdp(config));
      return app;
    });
    base = server.base;
  });

  afterAll(async () => {
    await server.close();
  });

  it('publishes discovery with the issuer and every endpoint under /dev-idp', async () => {
    const response = await fetch(config.discoveryUrl);
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata.issuer).toBe(`${base}/dev-idp`);
    expect(metadata.authorization_endpoint).toBe(`${base}/dev-idp/auth`);
    expect(metadata.token_endpoint).toBe(`${base}/dev-idp/token`);
    expect(metadata.jwks_uri).toBe(`${base}/dev-idp/jwks`);
    expect(metadata.userinfo_endpoint).toBe(`${base}/dev-idp/me`);
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
    const jwks = (await (await fetch(String(metadata.jwks_uri))).json()) as { keys: { alg?: string; d?: string }[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]?.alg).toBe('RS256');
    expect(jwks.keys[0]?.d).toBeUndefined();
  });

  async function authorize(browser: TestBrowser, email: string, name: string) {
    const verifier = randomBytes(32).toString('base64url');
    const authorizeUrl = new URL(`${base}/dev-idp/auth`);
    authorizeUrl.search = new URLSearchParams({
      client_id: config.clientId,
      response_type: 'code',
      redirect_uri: config.redirectUri,
      scope: 'openid email profile offline_access',
      state: 'state-1',
      nonce: 'nonce-1',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const interactionUrl = location(await browser.request(authorizeUrl.href));
    expect(interactionUrl.pathname).toMatch(/^\/dev-idp\/interaction\/[\w-]+$/);

    const formPage = await browser.request(interactionUrl.href);
    expect(formPage.status).toBe(200);
    const html = formPage.body;
    expect(html).toContain('<main>');
    expect(html).toContain('Sign in to the development identity provider');
    expect(html).toMatch(/<label for="email">[^<]*<\/label>/);
    expect(html).toMatch(/<input id="email" name="email" type="email"[^>]* required autofocus/);
    expect(html).toMatch(/<input id="name" name="name"/);
    expect(html).toContain('<button type="submit">Continue</button>');
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    expect(action).toBe(`${interactionUrl.pathname}/login`);

    const resumeUrl = location(await browser.request(`${base}${action}`, { method: 'POST', form: { email, name } }));
    expect(resumeUrl.pathname).toMatch(/^\/dev-idp\/auth\/[\w-]+$/);
    const callbackUrl = location(await browser.request(resumeUrl.href));
    expect(`${callbackUrl.origin}${callbackUrl.pathname}`).toBe(config.redirectUri);
    expect(callbackUrl.searchParams.get('state')).toBe('state-1');
    expect(callbackUrl.searchParams.get('iss')).toBe(config.issuer);
    const code = callbackUrl.searchParams.get('code');
    expect(code).toEqual(expect.any(String));

    const tokenResponse = await fetch(`${base}/dev-idp/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: code ?? '',
        redirect_uri: config.redirectUri,
        code_verifier: verifier,
        client_id: config.clientId,
        client_secret: config.clientSecret,
      }).toString(),
    });
    expect(tokenResponse.status).toBe(200);
    return (await tokenResponse.json()) as Record<string, unknown>;
  }

  it('signs in through its own form and issues a code, an ID token and a refresh token', async () => {
    const tokens = await authorize(new TestBrowser(), 'Alice@Example.com', '');
    expect(tokens.access_token).toEqual(expect.any(String));
    // offline_access survives although the client sent no prompt=consent.
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(String(tokens.scope).split(' ')).toEqual(expect.arrayContaining(['openid', 'offline_access']));
    const claims = decodeJwt(String(tokens.id_token));
    expect(claims.iss).toBe(config.issuer);
    expect(claims.aud).toBe('demo-dev');
    expect(claims.nonce).toBe('nonce-1');
    expect(claims.sub).toBe(DevAccounts.subjectFor('alice@example.com'));
    expect(claims.sub).not.toContain('alice');
    expect(claims).toMatchObject({ email: 'alice@example.com', email_verified: true, name: 'alice' });

    const userinfo = await fetch(`${base}/dev-idp/me`, { headers: { authorization: `Bearer ${String(tokens.access_token)}` } });
    expect(await userinfo.json()).toEqual({ sub: claims.sub, email: 'alice@example.com', email_verified: true, name: 'alice' });

    const refreshed = await fetch(`${base}/dev-idp/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: String(tokens.refresh_token),
        client_id: config.clientId,
        client_secret: config.clientSecret,
      }).toString(),
    });
    expect(refreshed.status).toBe(200);
    expect(((await refreshed.json()) as Record<string, unknown>).access_token).toEqual(expect.any(String));
  });

  it('asks again on the next sign-in in the same browser, so another email can be used (no SSO)', async () => {
    const browser = new TestBrowser();
    const first = decodeJwt(String((await authorize(browser, 'bob@example.com', 'Bob B.')).id_token));
    const second = decodeJwt(String((await authorize(browser, 'carol@example.com', '')).id_token));
    expect(first).toMatchObject({ sub: DevAccounts.subjectFor('bob@example.com'), name: 'Bob B.' });
    expect(second).toMatchObject({ sub: DevAccounts.subjectFor('carol@example.com'), email: 'carol@example.com' });
  });

  it('rejects an invalid email with the form again and refuses an interaction without its cookie', async () => {
    const browser = new TestBrowser();
    const authorizeUrl = `${base}/dev-idp/auth?${new URLSearchParams({
      client_id: config.clientId,
      response_type: 'code',
      redirect_uri: config.redirectUri,
      scope: 'openid email',
      state: 's',
    }).toString()}`;
    const interactionUrl = location(await browser.request(authorizeUrl));
    const invalid = await browser.request(`${interactionUrl.href}/login`, { method: 'POST', form: { email: 'not-an-email<x>' } });
    expect(invalid.status).toBe(400);
    const html = invalid.body;
    expect(html).toContain('role="alert"');
    expect(html).toContain('value="not-an-email&lt;x&gt;"');

    const foreign = await fetch(interactionUrl.href);
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain('started in another browser');
  });
});
