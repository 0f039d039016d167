import { describe, expect, it } from '@jest/globals';
import { OAuthError } from '../../errors/oauth-error.js';
import type { ResolvedProviderConfig } from '../../providers/resolved-provider-config.js';
import { prepareStartRequest, type StartRequest } from './start-request.js';

const CONFIG = { id: 'acme', scopes: ['openid', 'email'] } as unknown as ResolvedProviderConfig;
const POLICY = { baseOrigin: 'https://app.example', trustedOrigins: [] };

function prepare(request: Partial<StartRequest>) {
  return prepareStartRequest(CONFIG, { intent: 'signin', individualId: null, ...request }, POLICY);
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof OAuthError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('prepareStartRequest: what a start may store', () => {
  it('normalises targets and defaults the scopes', () => {
    expect(prepare({ returnTo: '/é', errorRedirectUrl: 'https://evil.example/x' })).toMatchObject({
      provider: 'acme',
      redirectUrl: '/%C3%A9',
      errorRedirectUrl: null,
      scopes: ['openid', 'email'],
      payload: null,
    });
  });

  it('state table flood: every stored or carried field has a cap, refused with payload_too_large', () => {
    const big = 'x'.repeat(2049);
    expect(codeOf(() => prepare({ returnTo: `/${big}` }))).toBe('payload_too_large');
    expect(codeOf(() => prepare({ errorRedirectUrl: `/${big}` }))).toBe('payload_too_large');
    expect(codeOf(() => prepare({ newUserRedirectUrl: `/${big}` }))).toBe('payload_too_large');
    // Under the cap raw, over it once percent-encoded (each é becomes 6 characters).
    expect(codeOf(() => prepare({ returnTo: `/${'é'.repeat(400)}` }))).toBe('payload_too_large');
    expect(codeOf(() => prepare({ payload: { blob: big } }))).toBe('payload_too_large');
    expect(codeOf(() => prepare({ scopes: [big] }))).toBe('payload_too_large');
    expect(codeOf(() => prepare({ authorizationParams: { login_hint: big } }))).toBe('payload_too_large');
    expect(codeOf(() => prepare({ prompt: big }))).toBe('payload_too_large');
    expect(codeOf(() => prepare({ returnTo: `/${'a'.repeat(2047)}` }))).toBe('no error');
  });

  it('a hostile but short target is dropped, not refused', () => {
    expect(prepare({ returnTo: '//evil.example' }).redirectUrl).toBeNull();
  });
});
