import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet, type JWTPayload } from 'jose';

/** A real RS256 key of a fake provider: its public JWKS and ID tokens signed with it. */
export class RsaSigningKey {
  private constructor(
    private readonly privateKey: CryptoKey,
    readonly kid: string,
    /** What the provider's jwks_uri answers (public part only). */
    readonly jwks: JSONWebKeySet,
  ) {}

  static async create(kid: string): Promise<RsaSigningKey> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    return new RsaSigningKey(privateKey, kid, { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] });
  }

  /** A signed JWT: iat now and exp in one hour (real time), unless `claims` set them. */
  sign(claims: JWTPayload): Promise<string> {
    const iat = Math.floor(Date.now() / 1000);
    return new SignJWT({ iat, exp: iat + 3600, ...claims }).setProtectedHeader({ alg: 'RS256', kid: this.kid }).sign(this.privateKey);
  }
}
