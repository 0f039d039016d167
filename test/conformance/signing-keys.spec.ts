import { beforeEach, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../helpers/browser.js';
import { RpHarness, useRpHarness } from './rp-harness.js';

/**
 * Basic RP / Config RP: which key verifies the ID token, and key rotation (rp-key-rotation-*).
 * Each test uses its own provider (same OP), so it starts with empty discovery and JWKS caches and
 * the JWKS request counts are exact.
 */

const PROVIDERS = ['single', 'multiple', 'rotation', 'native', 'cooldown', 'made-up'];
const FIRST_USE = { discovery: 1, jwks: 1, authorize: 1, token: 1 };

describe('RP conformance: signing keys', () => {
  let h: RpHarness;

  useRpHarness({ providers: PROVIDERS.map((id) => ({ id })) }, (started) => {
    h = started;
  });

  // After the shared hook's h.begin(): each test starts from one published key.
  beforeEach(() => {
    h.op.keys.publishOnlyCurrent();
  });

  it('oidcc-client-test-kid-absent-single-jwks / rp-id_token-kid-absent-single-jwks: no kid, one published key → accepted', async () => {
    h.op.script({ idTokenKid: null });
    await h.signIn(new TestBrowser(), { provider: 'single' });
    h.expectCalls({ ...FIRST_USE, userinfo: 1 });
  });

  it('oidcc-client-test-kid-absent-multiple-jwks / rp-id_token-kid-absent-multiple-jwks: no kid, several keys → rejected (the header must name one key)', async () => {
    await h.op.keys.publishAnother();
    expect(h.op.keys.publishedKids).toHaveLength(2);
    h.op.script({ idTokenKid: null });
    const browser = new TestBrowser();
    const response = await h.deliver(browser, await h.reachCallback(browser, { provider: 'multiple' }));
    h.expectRejected(response, 'oauth_code_verification_failed', 'id_token.kid', 'multiple');
    // Ambiguity is not an unknown kid: no refetch.
    h.expectCalls(FIRST_USE);
  });

  it('oidcc-client-test-signing-key-rotation / rp-key-rotation-op-sign-key: rotation between two sign-ins → one refetch, accepted', async () => {
    await h.signIn(new TestBrowser(), { provider: 'rotation' });
    const oldKid = h.op.keys.current.kid;
    const newKid = await h.op.keys.rotate();
    expect(h.op.keys.publishedKids).toEqual([newKid]);
    expect(newKid).not.toBe(oldKid);
    h.mark();
    await h.signIn(new TestBrowser(), { provider: 'rotation' });
    h.expectCalls({ jwks: 1, authorize: 1, token: 1, userinfo: 1 });
  });

  it('oidcc-client-test-signing-key-rotation-just-before-signing / rp-key-rotation-op-sign-key-native: keys seconds old, rotated inside the token request → refetched at once, accepted', async () => {
    await h.signIn(new TestBrowser(), { provider: 'native' });
    h.mark();
    const before = h.op.keys.current.kid;
    h.op.script({ rotateBeforeSigning: true });
    await h.signIn(new TestBrowser(), { provider: 'native' });
    expect(h.op.keys.current.kid).not.toBe(before);
    // The cached set was fetched moments ago (no clock movement): an unknown kid still refetches.
    h.expectCalls({ jwks: 1, authorize: 1, token: 1, userinfo: 1 });
  });

  it('unknown-kid refetches are rate-limited (5 s): a second rotation within the cooldown is refused, accepted after it', async () => {
    await h.signIn(new TestBrowser(), { provider: 'cooldown' });
    await h.op.keys.rotate();
    await h.signIn(new TestBrowser(), { provider: 'cooldown' });
    await h.op.keys.rotate();
    h.mark();
    const browser = new TestBrowser();
    const response = await h.deliver(browser, await h.reachCallback(browser, { provider: 'cooldown' }));
    h.expectRejected(response, 'oauth_code_verification_failed', 'id_token.kid', 'cooldown');
    h.expectCalls({ authorize: 1, token: 1 });
    h.clock.advance(5_000);
    h.mark();
    await h.signIn(new TestBrowser(), { provider: 'cooldown' });
    h.expectCalls({ jwks: 1, authorize: 1, token: 1, userinfo: 1 });
  });

  it('a kid the OP never published → one refetch, then rejected (id_token.kid)', async () => {
    await h.signIn(new TestBrowser(), { provider: 'made-up' });
    h.mark();
    h.op.script({ idTokenKid: 'made-up-kid' });
    const browser = new TestBrowser();
    const response = await h.deliver(browser, await h.reachCallback(browser, { provider: 'made-up' }));
    h.expectRejected(response, 'oauth_code_verification_failed', 'id_token.kid', 'made-up');
    h.expectCalls({ jwks: 1, authorize: 1, token: 1 });
  });
});
