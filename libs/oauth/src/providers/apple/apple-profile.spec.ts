import { describe, expect, it } from '@jest/globals';
import { mapAppleProfile, nameFromUserField } from './apple-profile.js';

/** Claims of a Sign in with Apple ID token as documented (values fake). */
const CLAIMS = {
  iss: 'https://appleid.apple.com',
  aud: 'com.example.web',
  exp: 1_900_000_000,
  iat: 1_899_996_400,
  sub: '001234.abcdef0123456789abcdef0123456789.1234',
  c_hash: 'x',
  email: 'ann@example.com',
  email_verified: true,
  auth_time: 1_899_996_399,
  nonce_supported: true,
};
const USER_FIELD = JSON.stringify({ name: { firstName: 'Ann', lastName: 'Example' }, email: 'ann@example.com' });

describe('Apple profile mapping', () => {
  it('keys the account by sub and trusts a boolean email_verified', () => {
    expect(mapAppleProfile(CLAIMS, undefined)).toMatchObject({
      providerAccountId: CLAIMS.sub,
      email: 'ann@example.com',
      emailVerified: true,
      name: null,
      image: null,
    });
  });

  it.each([
    ['true', true],
    ['false', false],
    ['yes', false],
    [1, false],
  ])('Apple email_verified as string: %j means %s', (value, verified) => {
    expect(mapAppleProfile({ ...CLAIMS, email_verified: value }, undefined).emailVerified).toBe(verified);
  });

  it.each([
    ['is_private_email "true"', { email: 'x1y2@privaterelay.appleid.com', is_private_email: 'true' }],
    ['is_private_email true', { email: 'x1y2@privaterelay.appleid.com', is_private_email: true }],
    ['a relay-domain address without the flag', { email: 'x1y2@PrivateRelay.AppleID.com' }],
  ])('Apple private-relay email never links implicitly (%s): verified, but not linkable', (_label, extra) => {
    const user = mapAppleProfile({ ...CLAIMS, ...extra }, undefined);
    expect(user.emailVerified).toBe(true);
    expect(user.allowImplicitLinking).toBe(false);
  });

  it('an ordinary address links under the usual rules', () => {
    expect(mapAppleProfile(CLAIMS, undefined).allowImplicitLinking).toBeUndefined();
  });

  it('Apple user name from the first form_post is kept (and its unsigned email ignored)', () => {
    const user = mapAppleProfile({ ...CLAIMS, email: 'real@example.com' }, USER_FIELD);
    expect(user).toMatchObject({ name: 'Ann Example', email: 'real@example.com' });
  });

  it.each([
    ['not JSON', '{name'],
    ['no name', JSON.stringify({ email: 'x@example.com' })],
    ['names of the wrong type', JSON.stringify({ name: { firstName: 1, lastName: ['x'] } })],
    ['control characters only', JSON.stringify({ name: { firstName: '\u0000\u0007', lastName: ' ' } })],
    ['an oversized field', JSON.stringify({ name: { firstName: 'a'.repeat(5000) } })],
  ])('ignores a malformed user field (%s) instead of failing the sign-in', (_label, field) => {
    expect(nameFromUserField(field)).toBeNull();
  });

  it('keeps one name part, strips control characters and caps the length', () => {
    expect(nameFromUserField(JSON.stringify({ name: { lastName: 'Solo' } }))).toBe('Solo');
    expect(nameFromUserField(JSON.stringify({ name: { firstName: 'A\u0000nn\n' } }))).toBe('Ann');
    expect(nameFromUserField(JSON.stringify({ name: { firstName: 'b'.repeat(300) } }))).toHaveLength(200);
  });

  it('refuses claims without a subject with a coded error', () => {
    expect(() => mapAppleProfile({ ...CLAIMS, sub: undefined }, undefined)).toThrow(expect.objectContaining({ code: 'user_info_missing' }));
  });
});
