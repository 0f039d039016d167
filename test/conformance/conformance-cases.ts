import type { OpReply, OpScript } from '../fixtures/misbehaving-op/index.js';
import { CLIENT_ID, type RpHarness } from './rp-harness.js';

/**
 * The scripted ID-token and callback cases of the conformance suite, shared by the specs that pin our
 * outcome (id-token-checks, clock-skew, nonce-userinfo, token-endpoint-faults) and by the differential
 * spec that has openid-client judge the very same OP behaviour. A case added here is judged by both.
 */

/** [test name, the OP's behaviour, the check our warning names]. */
export type RejectedCase = [string, (h: RpHarness) => OpScript, string];
export type AcceptedCase = [string, (h: RpHarness) => OpScript];

const nowSec = (h: RpHarness) => Math.floor(h.clock.now().getTime() / 1000);

export const ID_TOKEN_REJECTIONS: readonly RejectedCase[] = [
  ['oidcc-client-test-invalid-iss / rp-id_token-issuer-mismatch: iss of another issuer', () => ({ idTokenClaims: { iss: 'https://evil.example' } }), 'id_token.iss'],
  ['iss with a trailing slash (exact comparison, OIDC Core 3.1.3.7 #2)', (h) => ({ idTokenClaims: { iss: `${h.op.issuer}/` } }), 'id_token.iss'],
  ['iss missing (OIDC Core 3.1.3.7 #2)', () => ({ idTokenClaims: { iss: undefined } }), 'id_token.iss'],
  ['oidcc-client-test-invalid-aud / rp-id_token-aud: aud of another client', () => ({ idTokenClaims: { aud: 'another-client' } }), 'id_token.aud'],
  ['oidcc-client-test-missing-aud: aud missing', () => ({ idTokenClaims: { aud: undefined } }), 'id_token.aud'],
  ['aud list with us but azp of another client (OIDC Core 3.1.3.7 #4-5)', () => ({ idTokenClaims: { aud: [CLIENT_ID, 'other'], azp: 'other' } }), 'id_token.aud'],
  ['attack: token for another RP that also lists us, no azp (untrusted audience, OIDC Core 3.1.3.7 #3)', () => ({ idTokenClaims: { aud: [CLIENT_ID, 'other'] } }), 'id_token.aud'],
  ['attack: token for another RP that also lists us, our azp (untrusted audience, OIDC Core 3.1.3.7 #3)', () => ({ idTokenClaims: { aud: [CLIENT_ID, 'other'], azp: CLIENT_ID } }), 'id_token.aud'],
  ['several audiences, all ours, without azp (OIDC Core 3.1.3.7 #4)', () => ({ idTokenClaims: { aud: [CLIENT_ID, CLIENT_ID] } }), 'id_token.azp'],
  ['attack: token confusion, an access token (typ at+jwt, RFC 9068) as ID token', () => ({ idTokenTyp: 'at+jwt' }), 'id_token.typ'],
  ['attack: token confusion, a logout token (typ logout+jwt) as ID token', () => ({ idTokenTyp: 'logout+jwt' }), 'id_token.typ'],
  ['attack: a back-channel logout token (events claim, typ JWT) as ID token', () => ({ idTokenClaims: { events: { 'http://schemas.openid.net/event/backchannel-logout': {} } } }), 'id_token.events'],
  ['oidcc-client-test-missing-sub / rp-id_token-sub: sub missing', () => ({ idTokenClaims: { sub: undefined } }), 'id_token.sub'],
  ['sub empty', () => ({ idTokenClaims: { sub: '' } }), 'id_token.sub'],
  ['oidcc-client-test-missing-iat / rp-id_token-iat: iat missing', () => ({ idTokenClaims: { iat: undefined } }), 'id_token.iat'],
  ['exp in the past beyond the tolerance (OIDC Core 3.1.3.7 #9)', (h) => ({ idTokenClaims: { exp: nowSec(h) - 3600 } }), 'id_token.exp'],
  ['exp missing', () => ({ idTokenClaims: { exp: undefined } }), 'id_token.exp'],
  ['oidcc-client-test-invalid-sig-rs256 / rp-id_token-bad-sig-rs256: signed by an unpublished key under a published kid', () => ({ signWith: 'foreign-key' }), 'id_token.signature'],
  ['oidcc-client-test-idtoken-sig-none / rp-id_token-sig-none: alg none (rejected, no userinfo request)', () => ({ signWith: 'none' }), 'id_token.alg'],
  ['oidcc-client-test-invalid-sig-hs256 / rp-id_token-bad-sig-hs256: HS256 keyed with the RSA public key', () => ({ signWith: 'hs256-with-public-key' }), 'id_token.alg'],
  ['at_hash that does not match the access token (OIDC Core 3.1.3.8)', () => ({ idTokenClaims: { at_hash: 'AAAAAAAAAAAAAAAAAAAAAA' } }), 'id_token.at_hash'],
  ['no id_token although openid was requested', () => ({ omitIdToken: true }), 'oauth_code_verification_failed'],
  ['oidcc-client-test-nonce-invalid / rp-nonce-invalid: wrong nonce', () => ({ idTokenClaims: { nonce: 'not-the-nonce-we-sent' } }), 'id_token.nonce'],
  ['nonce missing although one was sent (OIDC Core 3.1.3.7 #11)', () => ({ idTokenClaims: { nonce: undefined } }), 'id_token.nonce'],
];

/** OIDC Core 3.1.3.7 #9-10: our tolerance for exp, iat and nbf. */
export const CLOCK_TOLERANCE_SEC = 120;
const LIFETIME_SEC = 3600;
const WITHIN = CLOCK_TOLERANCE_SEC - 20;
const BEYOND = CLOCK_TOLERANCE_SEC + 80;

export const CLOCK_SKEW_ACCEPTED: readonly AcceptedCase[] = [
  [`OP clock ${WITHIN} s ahead (iat in the future, within tolerance)`, () => ({ clockSkewSec: WITHIN })],
  [`OP clock ${LIFETIME_SEC + WITHIN} s behind (exp ${WITHIN} s ago, within tolerance)`, () => ({ clockSkewSec: -(LIFETIME_SEC + WITHIN) })],
  [`nbf ${WITHIN} s ahead`, (h) => ({ idTokenClaims: { nbf: nowSec(h) + WITHIN } })],
];

export const CLOCK_SKEW_REJECTIONS: readonly RejectedCase[] = [
  [`OP clock ${BEYOND} s ahead (iat beyond tolerance)`, () => ({ clockSkewSec: BEYOND }), 'id_token.iat'],
  [`OP clock ${LIFETIME_SEC + BEYOND} s behind (exp ${BEYOND} s ago)`, () => ({ clockSkewSec: -(LIFETIME_SEC + BEYOND) }), 'id_token.exp'],
  [`nbf ${BEYOND} s ahead`, (h) => ({ idTokenClaims: { nbf: nowSec(h) + BEYOND } }), 'id_token.nbf'],
];

/** Token-endpoint answers during the code exchange: [name, reply, check, fields the warning must carry]. */
export const TOKEN_ENDPOINT_FAULTS: readonly [string, OpReply, string, Record<string, string>?][] = [
  ['HTTP 400 invalid_grant', { kind: 'json', status: 400, body: { error: 'invalid_grant' } }, 'token.oauth_error', { providerError: 'invalid_grant' }],
  // A wrong or missing client secret: the operator learns it from the log, without the secret.
  ['HTTP 401 invalid_client', { kind: 'json', status: 401, body: { error: 'invalid_client' } }, 'token.oauth_error', { providerError: 'invalid_client' }],
  ['HTTP 500 with a text body', { kind: 'text', status: 500, body: 'internal error' }, 'token.http_status'],
  ['HTTP 503 with a JSON body without error', { kind: 'json', status: 503, body: { status: 'down' } }, 'token.http_status'],
  ['HTTP 200 with an error body', { kind: 'json', status: 200, body: { error: 'server_error' } }, 'token.oauth_error', { providerError: 'server_error' }],
  ['HTTP 200 with an HTML page', { kind: 'text', body: '<html><body>Sign in</body></html>', contentType: 'text/html' }, 'token.invalid_response'],
  ['HTTP 200 with a JSON array', { kind: 'json', body: ['access_token'] }, 'token.invalid_response'],
  ['HTTP 200 without access_token', { kind: 'json', body: { token_type: 'Bearer' } }, 'token_response_invalid'],
  ['a redirect elsewhere (never followed)', { kind: 'redirect', location: 'https://elsewhere.example/token' }, 'token.http_status'],
  ['a reset connection', { kind: 'reset' }, 'token.network'],
  ['no answer at all (hang, bounded by timeoutMs)', { kind: 'hang' }, 'token.timeout'],
];

/** Authorization responses (the callback itself): [name, the OP's behaviour, our code]. */
export const CALLBACK_REJECTIONS: readonly [string, (h: RpHarness) => OpScript, string][] = [
  ['authorization response without iss although the OP advertises it (RFC 9207)', () => ({ authorizeIss: false }), 'issuer_missing'],
];
