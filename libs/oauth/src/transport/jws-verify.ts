import { KeyObject, constants, verify, type VerifyKeyObjectInput } from 'node:crypto';
import type { CryptoKey, JWSHeaderParameters, JWTPayload } from 'jose';
import { idTokenCheckFailed as fail } from '../errors/transport-errors.js';

/**
 * What each accepted JWS algorithm requires of its key (the CryptoKey's WebCrypto algorithm, as
 * jose imported it for that alg) and how node:crypto verifies it. Anything not listed is refused.
 */
interface AlgorithmSpec {
  /** WebCrypto algorithm name the key must carry. */
  keyAlgorithm: string;
  /** The key's hash (RSA) or curve (EC), when the algorithm fixes one. */
  hash?: string;
  curve?: string;
  /** node:crypto digest name; null for EdDSA (the algorithm hashes internally). */
  digest: string | null;
  /** ECDSA: exact raw (r || s) signature length; a DER or truncated signature is refused. */
  signatureBytes?: number;
  pss?: boolean;
}

const ALGORITHMS: Readonly<Record<string, AlgorithmSpec>> = {
  RS256: { keyAlgorithm: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', digest: 'sha256' },
  RS384: { keyAlgorithm: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384', digest: 'sha384' },
  RS512: { keyAlgorithm: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512', digest: 'sha512' },
  PS256: { keyAlgorithm: 'RSA-PSS', hash: 'SHA-256', digest: 'sha256', pss: true },
  PS384: { keyAlgorithm: 'RSA-PSS', hash: 'SHA-384', digest: 'sha384', pss: true },
  PS512: { keyAlgorithm: 'RSA-PSS', hash: 'SHA-512', digest: 'sha512', pss: true },
  ES256: { keyAlgorithm: 'ECDSA', curve: 'P-256', digest: 'sha256', signatureBytes: 64 },
  ES384: { keyAlgorithm: 'ECDSA', curve: 'P-384', digest: 'sha384', signatureBytes: 96 },
  ES512: { keyAlgorithm: 'ECDSA', curve: 'P-521', digest: 'sha512', signatureBytes: 132 },
  EdDSA: { keyAlgorithm: 'Ed25519', digest: null },
  Ed25519: { keyAlgorithm: 'Ed25519', digest: null },
};

/** RSA keys shorter than this are refused (as jose does): a 1024-bit provider key is factorable. */
const MIN_RSA_BITS = 2048;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** node:crypto's view of each provider key, converted once (the CryptoKeys are cached by the key set). */
const keyObjects = new WeakMap<CryptoKey, KeyObject>();

function keyObjectOf(key: CryptoKey): KeyObject {
  let object = keyObjects.get(key);
  if (object === undefined) {
    object = KeyObject.from(key as unknown as Parameters<typeof KeyObject.from>[0]);
    keyObjects.set(key, object);
  }
  return object;
}

/**
 * The key must be a public verification key made for exactly this algorithm (curve, hash, size), so
 * a key published for one algorithm cannot be used to accept a token naming another.
 */
function checkKey(key: CryptoKey, spec: AlgorithmSpec): void {
  const algorithm = key.algorithm as { name?: string; hash?: { name?: string }; namedCurve?: string; modulusLength?: number };
  const fits =
    key.type === 'public' &&
    key.usages.includes('verify') &&
    algorithm.name === spec.keyAlgorithm &&
    (spec.hash === undefined || algorithm.hash?.name === spec.hash) &&
    (spec.curve === undefined || algorithm.namedCurve === spec.curve) &&
    (spec.keyAlgorithm.startsWith('RSA') ? (algorithm.modulusLength ?? 0) >= MIN_RSA_BITS : true);
  if (!fits) throw fail('alg', 'provider signing key does not fit the id token algorithm');
}

function decodePart(part: string, what: string): Buffer {
  // Strict base64url: Buffer.from would silently skip characters outside the alphabet.
  if (!BASE64URL.test(part)) throw fail('malformed', `id token ${what} is not base64url`);
  return Buffer.from(part, 'base64url');
}

/**
 * Verifies a compact JWS ID token with node:crypto (synchronous, no WebCrypto job per token) and
 * returns its claims. It does what jose's jwtVerify did before it here: exactly three parts, no
 * `crit` extensions, an allowed algorithm, a key that fits it, a valid signature, and a claims set
 * that is a JSON object. Every claim (iss, aud, azp, exp, iat, nbf, sub, nonce, at_hash) is checked
 * by the caller afterwards, as before; nothing here trusts a claim before the signature holds.
 */
export function verifyCompactJws(token: string, header: JWSHeaderParameters, key: CryptoKey, allowed: readonly string[]): JWTPayload {
  const parts = token.split('.');
  if (parts.length !== 3) throw fail('malformed', 'id token is not a compact JWS');
  const [protectedPart, payloadPart, signaturePart] = parts as [string, string, string];
  if (protectedPart === '' || payloadPart === '' || signaturePart === '') throw fail('malformed', 'id token has an empty part');
  // RFC 7515 §4.1.11: a recipient must refuse extensions it does not understand; we understand none.
  if (header.crit !== undefined) throw fail('alg', 'id token uses an unsupported critical header extension');
  const alg = header.alg;
  const spec = typeof alg === 'string' && allowed.includes(alg) ? ALGORITHMS[alg] : undefined;
  if (spec === undefined) throw fail('alg', 'id token algorithm is not allowed');
  checkKey(key, spec);
  const signature = decodePart(signaturePart, 'signature');
  if (spec.signatureBytes !== undefined && signature.length !== spec.signatureBytes) throw fail('signature', 'id token signature is invalid');
  const keyObject = keyObjectOf(key);
  const input: VerifyKeyObjectInput = spec.pss
    ? { key: keyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : spec.signatureBytes !== undefined
      ? { key: keyObject, dsaEncoding: 'ieee-p1363' }
      : { key: keyObject };
  let valid: boolean;
  try {
    valid = verify(spec.digest, Buffer.from(`${protectedPart}.${payloadPart}`, 'ascii'), input, signature);
  } catch (cause) {
    throw fail('signature', 'id token signature is invalid', cause);
  }
  if (!valid) throw fail('signature', 'id token signature is invalid');
  let claims: unknown;
  try {
    claims = JSON.parse(decodePart(payloadPart, 'payload').toString('utf8'));
  } catch (cause) {
    throw fail('malformed', 'id token claims are not JSON', cause);
  }
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) throw fail('malformed', 'id token claims are not a JSON object');
  return claims as JWTPayload;
}
