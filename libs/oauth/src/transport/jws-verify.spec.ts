import { describe, expect, it } from '@jest/globals';
import { constants, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { decodeProtectedHeader, importJWK, type CryptoKey, type JWK, type JWSHeaderParameters } from 'jose';
import { verifyCompactJws } from './jws-verify.js';
import { IdTokenValidationError } from '../errors/transport-errors.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const CLAIMS = { iss: 'https://idp.example', sub: 'alice', aud: 'client-1', iat: 1, exp: 2 };

interface Signer {
  alg: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function pair(alg: string): Signer {
  if (alg.startsWith('ES')) {
    const namedCurve = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }[alg] ?? 'P-256';
    return { alg, ...generateKeyPairSync('ec', { namedCurve }) };
  }
  if (alg === 'EdDSA') return { alg, ...generateKeyPairSync('ed25519') };
  return { alg, ...generateKeyPairSync('rsa', { modulusLength: 2048 }) };
}

function signToken(signer: Signer, header: Record<string, unknown> = {}, claims: unknown = CLAIMS): string {
  const input = `${b64({ alg: signer.alg, typ: 'JWT', ...header })}.${b64(claims)}`;
  const digest = signer.alg === 'EdDSA' ? null : `sha${signer.alg.slice(2)}`;
  const options = signer.alg.startsWith('PS')
    ? { key: signer.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : signer.alg.startsWith('ES')
      ? { key: signer.privateKey, dsaEncoding: 'ieee-p1363' as const }
      : signer.privateKey;
  return `${input}.${sign(digest, Buffer.from(input), options).toString('base64url')}`;
}

/** The provider key as the key set hands it over: imported by jose for the token's algorithm. */
function keyFor(signer: Signer, alg = signer.alg): Promise<CryptoKey> {
  return importJWK(signer.publicKey.export({ format: 'jwk' }) as JWK, alg) as Promise<CryptoKey>;
}

async function check(token: string, key: CryptoKey, allowed = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA']): Promise<string> {
  try {
    // The header as the validator reads it (from the first part) before it calls this.
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as JWSHeaderParameters;
    verifyCompactJws(token, header, key, allowed);
    return 'valid';
  } catch (error) {
    if (error instanceof IdTokenValidationError) return error.check;
    throw error;
  }
}

describe('verifyCompactJws (node:crypto)', () => {
  it.each(['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'])('verifies a %s token and returns its claims', async (alg) => {
    const signer = pair(alg);
    const token = signToken(signer);
    expect(verifyCompactJws(token, decodeProtectedHeader(token), await keyFor(signer), [alg])).toEqual(CLAIMS);
  });

  it('attack: an edited payload, or a signature from another key, fails the signature check', async () => {
    const signer = pair('ES256');
    const token = signToken(signer);
    const [h, , s] = token.split('.');
    expect(await check(`${h}.${b64({ ...CLAIMS, sub: 'mallory' })}.${s}`, await keyFor(signer))).toBe('signature');
    expect(await check(signToken(pair('ES256')), await keyFor(signer))).toBe('signature');
  });

  it('attack: an algorithm outside the allow-list is refused, even with a fitting key', async () => {
    const signer = pair('ES256');
    expect(await check(signToken(signer), await keyFor(signer), ['RS256'])).toBe('alg');
  });

  it('attack: a key made for another algorithm (RS256 key, PS256 header; P-256 key, ES384 header) is refused', async () => {
    const rsa = pair('PS256');
    expect(await check(signToken(rsa), await keyFor(rsa, 'RS256'))).toBe('alg');
    const ec = pair('ES256');
    expect(await check(signToken({ ...ec, alg: 'ES384' }), await keyFor(ec))).toBe('alg');
  });

  it('attack: an RSA key below 2048 bits is refused', async () => {
    const weak: Signer = { alg: 'RS256', ...generateKeyPairSync('rsa', { modulusLength: 1024 }) };
    expect(await check(signToken(weak), await keyFor(weak))).toBe('alg');
  });

  it('attack: a critical header extension is refused (RFC 7515 §4.1.11)', async () => {
    const signer = pair('ES256');
    expect(await check(signToken(signer, { crit: ['b64'], b64: false }), await keyFor(signer))).toBe('alg');
  });

  it('attack: a DER-encoded or truncated ECDSA signature is refused', async () => {
    const signer = pair('ES256');
    const input = `${b64({ alg: 'ES256' })}.${b64(CLAIMS)}`;
    const der = sign('sha256', Buffer.from(input), signer.privateKey).toString('base64url');
    expect(await check(`${input}.${der}`, await keyFor(signer))).toBe('signature');
    const token = signToken(signer);
    expect(await check(token.slice(0, -4), await keyFor(signer))).toBe('signature');
  });

  it('refuses malformed tokens: wrong part count, empty parts, characters outside base64url, non-object claims', async () => {
    const signer = pair('ES256');
    const key = await keyFor(signer);
    const token = signToken(signer);
    const [h, p, s] = token.split('.') as [string, string, string];
    expect(await check(`${h}.${p}`, key)).toBe('malformed');
    expect(await check(`${token}.${s}`, key)).toBe('malformed');
    expect(await check(`${h}.${p}.`, key)).toBe('malformed');
    expect(await check(`${h}.${p}.${s.slice(0, 10)}+${s.slice(11)}`, key)).toBe('malformed');
    expect(await check(signToken(signer, {}, ['not', 'an', 'object']), key)).toBe('malformed');
  });
});
