import { describe, expect, it } from '@jest/globals';
import * as oidc from 'openid-client';
import type { OpScript } from '../fixtures/misbehaving-op/index.js';
import { TestBrowser } from '../helpers/browser.js';
import {
  CALLBACK_REJECTIONS,
  CLOCK_SKEW_ACCEPTED,
  CLOCK_SKEW_REJECTIONS,
  CLOCK_TOLERANCE_SEC,
  ID_TOKEN_REJECTIONS,
  TOKEN_ENDPOINT_FAULTS,
} from './conformance-cases.js';
import { CLIENT_ID, CLIENT_SECRET, errorCodeOf, RpHarness, useRpHarness } from './rp-harness.js';

/**
 * Differential test: every scripted ID-token and callback case of the conformance suite is run
 * through our callback AND through openid-client 6 (a certified relying-party library) against the
 * same misbehaving OP, with its non-repudiation checks on (ID-token signatures verified). Where we
 * accept what openid-client refuses, the test fails, unless the case is listed in
 * ACCEPTED_DESPITE_OPENID_CLIENT with the spec reason. (Refusing more than openid-client is fine:
 * untrusted extra audiences, `typ`, `events`, `at_hash` in the code flow are our hardening.)
 */

/** Case name → the spec reason we may accept what openid-client refuses. Empty today: we refuse all of it. */
const ACCEPTED_DESPITE_OPENID_CLIENT: Readonly<Record<string, string>> = {};

type Verdict = 'accepted' | 'refused';

interface DifferentialCase {
  name: string;
  script: (h: RpHarness) => OpScript;
}

const CASES: DifferentialCase[] = [
  { name: 'well-behaved OP', script: () => ({}) },
  ...ID_TOKEN_REJECTIONS.map(([name, script]) => ({ name, script })),
  ...CLOCK_SKEW_ACCEPTED.map(([name, script]) => ({ name, script })),
  ...CLOCK_SKEW_REJECTIONS.map(([name, script]) => ({ name, script })),
  ...TOKEN_ENDPOINT_FAULTS.map(([name, reply]) => ({ name: `token endpoint: ${name}`, script: () => ({ respond: { token: () => reply } }) })),
  ...CALLBACK_REJECTIONS.map(([name, script]) => ({ name, script })),
  { name: 'kid absent, one published key (oidcc-client-test-kid-absent-single-jwks)', script: () => ({ idTokenKid: null }) },
  { name: 'a kid the OP never published', script: () => ({ idTokenKid: 'made-up-kid' }) },
];

/** Our verdict: the full redirect flow through the app, refused = a redirect to /auth/error. */
async function ours(h: RpHarness): Promise<Verdict> {
  const browser = new TestBrowser();
  const response = await h.deliver(browser, await h.reachCallback(browser));
  return response.status === 302 && errorCodeOf(response) === null ? 'accepted' : 'refused';
}

/** openid-client's verdict on the same OP behaviour: authorization code grant with PKCE, state and nonce. */
async function openidClient(h: RpHarness): Promise<Verdict> {
  // Judge the checks, not our parameters: same clock (the OP stamps tokens with the test clock) and
  // the same tolerance as ours (OIDC Core 3.1.3.7 #9-10 leave the acceptable skew to the client).
  const metadata: Partial<oidc.ClientMetadata> = {
    client_secret: CLIENT_SECRET,
    [oidc.clockSkew]: Math.round((h.clock.now().getTime() - Date.now()) / 1000),
    [oidc.clockTolerance]: CLOCK_TOLERANCE_SEC,
  };
  const config = await oidc.discovery(new URL(h.op.issuer), CLIENT_ID, metadata, oidc.ClientSecretBasic(CLIENT_SECRET), {
    execute: [oidc.allowInsecureRequests],
    timeout: 2,
  });
  // Non-repudiation: verify the ID token's signature with the OP's keys (off by default in v6).
  oidc.enableNonRepudiationChecks(config);
  const redirectUri = `${h.baseUrl}/openid-client/callback`;
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const authorize = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const trace = await new TestBrowser().follow(authorize.href, { stopAt: (url) => url.href.startsWith(redirectUri) });
  if (trace.stoppedAt === null) throw new Error('openid-client flow did not reach its redirect URI');
  try {
    await oidc.authorizationCodeGrant(config, trace.stoppedAt, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    return 'accepted';
  } catch {
    return 'refused';
  }
}

describe('differential: openid-client 6 judges every conformance ID-token and callback case', () => {
  let h: RpHarness;

  useRpHarness({ warm: ['op'] }, (started) => {
    h = started;
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s: we never accept what openid-client refuses', async (_name, c) => {
    h.op.script(c.script(h));
    const our = await ours(h);
    h.op.keys.publishOnlyCurrent();
    const theirs = await openidClient(h);
    const reason = ACCEPTED_DESPITE_OPENID_CLIENT[c.name];
    if (our === 'accepted' && theirs === 'refused') {
      expect({ case: c.name, reason: reason ?? 'none given' }).toEqual({ case: c.name, reason: expect.stringMatching(/\S/) });
    }
    // The well-behaved OP is accepted by both (the comparison is meaningful), and a bad signature is
    // refused by openid-client too (its non-repudiation checks are really on).
    if (c.name === 'well-behaved OP') expect({ our, theirs }).toEqual({ our: 'accepted', theirs: 'accepted' });
    if (c.name.includes('rp-id_token-bad-sig-rs256')) expect({ our, theirs }).toEqual({ our: 'refused', theirs: 'refused' });
  });
});
