import { sign, type KeyObject } from 'node:crypto';
import type { Clock } from '../../common/clock.js';
import { APPLE_ISSUER } from './apple-endpoints.js';

export interface AppleClientSecretSettings {
  readonly teamId: string;
  readonly keyId: string;
  /** The Services ID (web) the secret authenticates; the JWT's `sub`. */
  readonly clientId: string;
  /** The team's P-256 private key (`.p8` from the developer portal), already parsed and checked. */
  readonly privateKey: KeyObject;
  readonly ttlSeconds: number;
}

/** Renew this long before expiry, so a secret never expires between minting and Apple checking it. */
const RENEW_BEFORE_SEC = 60;

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * Apple has no static client secret: it is an ES256 JWT the app signs with the team's key (Apple,
 * "Creating a client secret"). Minted on first use and reused until shortly before its expiry, so
 * a token exchange costs no signature in the common case. The private key never leaves this object.
 */
export class AppleClientSecret {
  private cached: { value: string; expiresAtSec: number } | null = null;

  constructor(
    private readonly settings: AppleClientSecretSettings,
    private readonly clock: Clock,
  ) {}

  current(): string {
    const nowSec = Math.floor(this.clock.now().getTime() / 1000);
    if (this.cached !== null && this.cached.expiresAtSec - RENEW_BEFORE_SEC > nowSec) return this.cached.value;
    const expiresAtSec = nowSec + this.settings.ttlSeconds;
    this.cached = { value: this.mint(nowSec, expiresAtSec), expiresAtSec };
    return this.cached.value;
  }

  private mint(iat: number, exp: number): string {
    const { teamId, keyId, clientId, privateKey } = this.settings;
    const signingInput = `${b64url({ alg: 'ES256', kid: keyId, typ: 'JWT' })}.${b64url({ iss: teamId, iat, exp, aud: APPLE_ISSUER, sub: clientId })}`;
    // JWS ES256 is the raw r||s pair (RFC 7518 §3.4), not node's default DER encoding.
    const signature = sign('sha256', Buffer.from(signingInput, 'ascii'), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    return `${signingInput}.${signature.toString('base64url')}`;
  }
}
