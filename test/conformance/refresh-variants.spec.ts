import { describe, expect, it } from '@jest/globals';
import type { AccountRecord } from '@belgie/nestjs-oauth';
import type { OpReply, OpScript } from '../fixtures/misbehaving-op/index.js';
import { jsonCall, type JsonResult } from '../helpers/app-session-flows.js';
import { TestBrowser } from '../helpers/browser.js';
import { RpHarness, useRpHarness } from './rp-harness.js';

/**
 * OIDC Core 12.2 (oidcc-client-refreshtoken-test-plan): an ID token returned by a refresh must pass
 * the usual checks and keep iss, sub and aud. Driven through `POST /auth/provider/op/refresh-token`:
 * a refused refresh is a 400 `{ code: 'refresh_failed' }`, and the stored account is left exactly
 * as it was (no token row changed).
 */

describe('RP conformance: refresh token variants', () => {
  let h: RpHarness;

  useRpHarness({ warm: ['op'] }, (started) => {
    h = started;
  });

  async function signedIn(): Promise<{ browser: TestBrowser; account: AccountRecord }> {
    const browser = new TestBrowser();
    const individualId = await h.signIn(browser);
    const [account] = await h.repository.listAccounts(individualId, 'op');
    if (!account?.refreshToken) throw new Error('the sign-in stored no refresh token');
    h.mark();
    return { browser, account };
  }

  function refresh(browser: TestBrowser): Promise<JsonResult> {
    return jsonCall(browser, `${h.baseUrl}/auth/provider/op/refresh-token`, { json: {} });
  }

  it('oidcc-client-test-refresh-token: refreshed ID token with the same iss, sub and aud → 200, new tokens stored', async () => {
    const { browser, account } = await signedIn();
    const response = await refresh(browser);
    expect(response.status).toBe(200);
    expect(h.repository.writes).toEqual(['updateAccountTokens']);
    expect((await h.repository.findAccountById(account.id))?.accessToken).not.toBe(account.accessToken);
    h.expectCalls({ token: 1 });
    expect(h.op.requests[0]?.token).toMatchObject({ grantType: 'refresh_token', outcome: 'issued' });
  });

  it('a refresh response without an ID token (optional, OIDC Core 12.2) → 200', async () => {
    const { browser } = await signedIn();
    h.op.script({ omitRefreshIdToken: true });
    expect((await refresh(browser)).status).toBe(200);
    expect(h.repository.writes).toEqual(['updateAccountTokens']);
  });

  const nowSec = () => Math.floor(h.clock.now().getTime() / 1000);
  const refused: [string, () => OpScript][] = [
    ['oidcc-client-test-refresh-token-invalid-issuer: refreshed ID token from another issuer', () => ({ refreshIdTokenClaims: { iss: 'https://evil.example' } })],
    ['oidcc-client-test-refresh-token-invalid-sub: refreshed ID token for another subject', () => ({ refreshIdTokenClaims: { sub: 'someone-else' } })],
    ['oidcc-client-test-refresh-token-invalid-aud: refreshed ID token for another client', () => ({ refreshIdTokenClaims: { aud: 'another-client' } })],
    ['refreshed ID token already expired', () => ({ refreshIdTokenClaims: { exp: nowSec() - 3600 } })],
    ['refreshed ID token without sub', () => ({ refreshIdTokenClaims: { sub: undefined } })],
  ];

  it.each(refused)('%s → 400 refresh_failed, account unchanged', async (_label, script) => {
    const { browser, account } = await signedIn();
    h.op.script(script());
    const response = await refresh(browser);
    expect({ status: response.status, code: response.body['code'] }).toEqual({ status: 400, code: 'refresh_failed' });
    expect(await h.repository.findAccountById(account.id)).toEqual(account);
    h.expectNothingPersisted();
    h.expectCalls({ token: 1 });
    expect(JSON.stringify(response.body)).not.toMatch(/at-|rt-|eyJ/);
    h.expectNoSecretsLogged();
  });

  const faults: [string, OpReply][] = [
    ['HTTP 503', { kind: 'text', status: 503, body: 'down' }],
    ['invalid_grant', { kind: 'json', status: 400, body: { error: 'invalid_grant' } }],
    ['no answer (timeout)', { kind: 'hang' }],
  ];

  it.each(faults)('token endpoint answers the refresh with %s → 400 refresh_failed, account unchanged', async (_label, reply) => {
    const { browser, account } = await signedIn();
    h.op.script({ respond: { token: () => reply } });
    const response = await refresh(browser);
    expect({ status: response.status, code: response.body['code'] }).toEqual({ status: 400, code: 'refresh_failed' });
    expect(await h.repository.findAccountById(account.id)).toEqual(account);
    h.expectNothingPersisted();
    h.expectCalls({ token: 1 });
  });
});
