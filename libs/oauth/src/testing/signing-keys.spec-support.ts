/**
 * The one signing-key fixture of the repository: real RS256 / ES256 key pairs, their public JWKs and
 * key sets, and JWTs signed with them, for the library's specs and for test/ (which imports this file by
 * path: the library may not import test/, dependency-cruiser `library-never-imports-apps`, so the
 * fixture lives on the library's side). Test-only: the `*.spec-support.ts` name keeps it out of the
 * build and the package (tsconfig.lib.json).
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';

export type TestKeyAlgorithm = 'RS256' | 'ES256';

export interface TestSigningKey {
  readonly kid: string;
  readonly alg: TestKeyAlgorithm;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** The public JWK with `kid`, `alg` and `use: 'sig'`, as a provider publishes it. */
  readonly publicJwk: JWK;
  /** A key set holding this key alone (what a `jwks_uri` answers). */
  readonly jwks: JSONWebKeySet;
}

/** A key pair of its own (not shared): for a fake provider's keys and rotations. Extractable, so PEM export works. */
export async function newSigningKey(kid: string, alg: TestKeyAlgorithm = 'RS256'): Promise<TestSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicKey, publicJwk, jwks: { keys: [publicJwk] } };
}

// RSA generation is the slow part of many specs: one pair per (algorithm, kid) for the test file.
const memo = new Map<string, Promise<TestSigningKey>>();

/** The test file's key named `kid` (generated on first use, then the same one): different kids, different keys. */
export function signingKey(kid = 'key-1', alg: TestKeyAlgorithm = 'RS256'): Promise<TestSigningKey> {
  const id = `${alg}:${kid}`;
  let key = memo.get(id);
  if (key === undefined) {
    key = newSigningKey(kid, alg);
    memo.set(id, key);
  }
  return key;
}

/** A JWT signed with `key` (header `alg`, `kid`, `typ: JWT`); `iat`/`exp` default to `now` / `now` + 1 h. */
export function signJwt(key: TestSigningKey, claims: JWTPayload, now: Date = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ iat, exp: iat + 3600, ...claims }).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
}

/** A private key as PKCS#8 PEM text and its public half. */
export interface PemKeyPair {
  pem: string;
  publicKey: KeyObject;
}

/**
 * A key pair as configuration carries it: the PEM text of a `.p8` file (Apple's P-256 team key), or an
 * RSA one (a key of the wrong type). Synchronous, for module-level constants; a new pair per call.
 */
export function pemKeyPair(type: 'ec' | 'rsa' = 'ec'): PemKeyPair {
  const { privateKey, publicKey } = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicKey };
}
