import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { manualClock } from '../../transport/transport.spec-support.js';
import { AppleClientSecret } from './apple-client-secret.js';
import { APPLE_KEY_ID, APPLE_SERVICES_ID, APPLE_TEAM_ID } from './apple.spec-support.js';
import { pemKeyPair } from '../../testing/signing-keys.spec-support.js';

const key = pemKeyPair();

function secretFor(ttlSeconds = 3600) {
  const clock = manualClock(new Date('2030-01-01T00:00:00Z'));
  const secret = new AppleClientSecret(
    { teamId: APPLE_TEAM_ID, keyId: APPLE_KEY_ID, clientId: APPLE_SERVICES_ID, privateKey: createPrivateKey(key.pem), ttlSeconds },
    clock,
  );
  return { clock, secret };
}

describe('Apple client secret', () => {
  it('is an ES256 JWT signed with the team key, naming team, key, services id and Apple as audience', async () => {
    const { clock, secret } = secretFor();
    const jwt = secret.current();
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'ES256', kid: APPLE_KEY_ID, typ: 'JWT' });
    const { payload } = await jwtVerify(jwt, key.publicKey, {
      algorithms: ['ES256'],
      issuer: APPLE_TEAM_ID,
      audience: 'https://appleid.apple.com',
      subject: APPLE_SERVICES_ID,
      currentDate: clock.now(),
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
  });

  it('Apple client secret is minted once and reused until shortly before it expires', () => {
    const { clock, secret } = secretFor(3600);
    const first = secret.current();
    clock.advance(3_500_000);
    expect(secret.current()).toBe(first);
    clock.advance(50_000);
    const renewed = secret.current();
    expect(renewed).not.toBe(first);
    expect(secret.current()).toBe(renewed);
  });
});
