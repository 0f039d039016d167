import { describe, expect, it } from '@jest/globals';
import type { OpEndpoint } from '../fixtures/misbehaving-op/index.js';
import { jsonCall } from '../helpers/app-session-flows.js';
import { TestBrowser } from '../helpers/browser.js';
import { RpHarness, useRpHarness } from './rp-harness.js';

/**
 * Provider responses are size-capped (default 1 MiB, `maxResponseBytes`): a provider, or whoever
 * answers in its name, must not make the app buffer and parse an unbounded body (a 400 MB "JWKS" was
 * parsed before). Checked by the declared `content-length` before reading and by counting the
 * streamed bytes when there is none. Over the cap = a coded `ProviderRequestError`: the flow fails as
 * for any other provider failure (never a 500), nothing is written, and nothing more is read.
 */

const OVER_DEFAULT = 2 * 1024 * 1024;
const MODES = [
  ['content-length declared', true],
  ['chunked, no content-length', false],
] as const;

describe.each(MODES)('attack: oversized provider responses (%s)', (_mode, declareLength) => {
  let h: RpHarness;
  const flood = { kind: 'oversized' as const, bytes: OVER_DEFAULT, declareLength };

  useRpHarness(
    {
      providers: [
        { id: 'op' },
        { id: 'cold' },
        { id: 'nodisc' },
        { id: 'small', options: { maxResponseBytes: 8192 } },
      ],
      warm: ['op'],
    },
    (started) => {
      h = started;
    },
  );

  const rejected: [OpEndpoint, string, string][] = [
    ['token', 'oauth_code_verification_failed', 'token.response_too_large'],
    ['userinfo', 'user_info_missing', 'userinfo.response_too_large'],
  ];

  it.each(rejected)('a 2 MiB %s response → %s (%s), nothing stored', async (endpoint, code, check) => {
    h.op.script({ respond: { [endpoint]: () => flood } });
    const browser = new TestBrowser();
    const response = await h.deliver(browser, await h.reachCallback(browser));
    h.expectRejected(response, code, check);
  });

  it('a 2 MiB JWKS before any key was cached → oauth_code_verification_failed (id_token.jwks)', async () => {
    h.op.script({ respond: { jwks: () => flood } });
    const browser = new TestBrowser();
    const response = await h.deliver(browser, await h.reachCallback(browser, { provider: 'cold' }));
    h.expectRejected(response, 'oauth_code_verification_failed', 'id_token.jwks', 'cold');
  });

  it('a 2 MiB discovery document → the start answers 503 provider_unavailable, no state stored', async () => {
    h.op.script({ respond: { discovery: () => flood } });
    const response = await jsonCall(new TestBrowser(), `${h.baseUrl}/login/nodisc`);
    expect({ status: response.status, code: response.body['code'] }).toEqual({ status: 503, code: 'provider_unavailable' });
    expect(response.body['message']).toMatch(/too large/);
    h.expectNothingPersisted();
  });

  it('maxResponseBytes sets the cap per provider: normal responses pass under 8 KiB, a 10 kB token response does not', async () => {
    await h.signIn(new TestBrowser(), { provider: 'small' });
    h.mark();
    h.op.script({ respond: { token: () => ({ ...flood, bytes: 10_000 }) } });
    const browser = new TestBrowser();
    const response = await h.deliver(browser, await h.reachCallback(browser, { provider: 'small' }));
    h.expectRejected(response, 'oauth_code_verification_failed', 'token.response_too_large', 'small');
  });
});
