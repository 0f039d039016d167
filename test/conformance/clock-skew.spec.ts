import { describe, it } from '@jest/globals';
import { TestBrowser } from '../helpers/browser.js';
import { CLOCK_SKEW_ACCEPTED, CLOCK_SKEW_REJECTIONS } from './conformance-cases.js';
import { RpHarness, useRpHarness } from './rp-harness.js';

/**
 * Clock skew between the OP and the app (OIDC Core 3.1.3.7 #9-10): a 120 s tolerance applies to
 * exp, iat and nbf. The OP stamps its tokens with the app's TestClock plus the scripted skew.
 */

describe('faults: clock skew', () => {
  let h: RpHarness;

  useRpHarness({ warm: ['op'] }, (started) => {
    h = started;
  });

  it.each(CLOCK_SKEW_ACCEPTED)('%s → signed in', async (_label, script) => {
    h.op.script(script(h));
    await h.signIn(new TestBrowser());
    h.expectCalls({ authorize: 1, token: 1, userinfo: 1 });
  });

  it.each(CLOCK_SKEW_REJECTIONS)('%s → oauth_code_verification_failed', async (_label, script, check) => {
    h.op.script(script(h));
    const browser = new TestBrowser();
    const response = await h.deliver(browser, await h.reachCallback(browser));
    h.expectRejected(response, 'oauth_code_verification_failed', check);
    h.expectCalls({ authorize: 1, token: 1 });
  });
});
