import { describe, it } from '@jest/globals';
import type { OpScript } from '../fixtures/misbehaving-op/index.js';
import { TestBrowser } from '../helpers/browser.js';
import { RpHarness, useRpHarness } from './rp-harness.js';

/**
 * Clock skew between the OP and the app (OIDC Core 3.1.3.7 #9-10): a 120 s tolerance applies to
 * exp, iat and nbf. The OP stamps its tokens with the app's TestClock plus the scripted skew.
 */

const TOLERANCE_SEC = 120;
const LIFETIME_SEC = 3600;

describe('faults: clock skew', () => {
  let h: RpHarness;

  useRpHarness({ warm: ['op'] }, (started) => {
    h = started;
  });

  const nowSec = () => Math.floor(h.clock.now().getTime() / 1000);
  const within = TOLERANCE_SEC - 20;
  const beyond = TOLERANCE_SEC + 80;

  const accepted: [string, () => OpScript][] = [
    [`OP clock ${within} s ahead (iat in the future, within tolerance)`, () => ({ clockSkewSec: within })],
    [`OP clock ${LIFETIME_SEC + within} s behind (exp ${within} s ago, within tolerance)`, () => ({ clockSkewSec: -(LIFETIME_SEC + within) })],
    [`nbf ${within} s ahead`, () => ({ idTokenClaims: { nbf: nowSec() + within } })],
  ];

  it.each(accepted)('%s → signed in', async (_label, script) => {
    h.op.script(script());
    await h.signIn(new TestBrowser());
    h.expectCalls({ authorize: 1, token: 1, userinfo: 1 });
  });

  const rejected: [string, () => OpScript, string][] = [
    [`OP clock ${beyond} s ahead (iat beyond tolerance)`, () => ({ clockSkewSec: beyond }), 'id_token.iat'],
    [`OP clock ${LIFETIME_SEC + beyond} s behind (exp ${beyond} s ago)`, () => ({ clockSkewSec: -(LIFETIME_SEC + beyond) }), 'id_token.exp'],
    [`nbf ${beyond} s ahead`, () => ({ idTokenClaims: { nbf: nowSec() + beyond } }), 'id_token.nbf'],
  ];

  it.each(rejected)('%s → oauth_code_verification_failed', async (_label, script, check) => {
    h.op.script(script());
    const browser = new TestBrowser();
    const response = await h.deliver(browser, await h.reachCallback(browser));
    h.expectRejected(response, 'oauth_code_verification_failed', check);
    h.expectCalls({ authorize: 1, token: 1 });
  });
});
