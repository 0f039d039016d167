/** A real P-256 key pair for the Apple specs (the `.p8` a developer downloads is this PEM). Test-only. */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface AppleTestKey {
  pem: string;
  publicKey: KeyObject;
}

export function appleTestKey(): AppleTestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicKey };
}

export const APPLE_TEAM_ID = 'TEAM123456';
export const APPLE_KEY_ID = 'KEY1234567';
export const APPLE_SERVICES_ID = 'com.example.web';
