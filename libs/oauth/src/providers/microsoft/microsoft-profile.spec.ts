import { describe, expect, it } from '@jest/globals';
import { mapMicrosoftProfile } from './microsoft-profile.js';

describe('mapMicrosoftProfile', () => {
  it('keys the account by sub and resolves the email in the spec order', () => {
    expect(mapMicrosoftProfile({ sub: 's', email: 'a@x.test', preferred_username: 'b@x.test' })).toMatchObject({
      providerAccountId: 's',
      email: 'a@x.test',
    });
    expect(mapMicrosoftProfile({ sub: 's', preferred_username: 'b@x.test', upn: 'c@x.test' }).email).toBe('b@x.test');
    expect(mapMicrosoftProfile({ sub: 's', upn: 'c@x.test' }).email).toBe('c@x.test');
    expect(mapMicrosoftProfile({ sub: 's', verified_secondary_email: ['d@x.test'] }).email).toBe('d@x.test');
    expect(mapMicrosoftProfile({ sub: 's' }).email).toBeNull();
  });

  it('treats a mutable email claim as unverified unless Microsoft lists it as verified (nOAuth)', () => {
    expect(mapMicrosoftProfile({ sub: 's', email: 'ceo@victim.test' }).emailVerified).toBe(false);
    expect(mapMicrosoftProfile({ sub: 's', preferred_username: 'ceo@victim.test' }).emailVerified).toBe(false);
    expect(
      mapMicrosoftProfile({ sub: 's', email: 'Ann@X.test', verified_primary_email: ['ann@x.test'] }).emailVerified,
    ).toBe(true);
    expect(mapMicrosoftProfile({ sub: 's', email: 'a@x.test', email_verified: true }).emailVerified).toBe(true);
    expect(
      mapMicrosoftProfile({ sub: 's', email: 'a@x.test', email_verified: false, verified_primary_email: ['a@x.test'] }).emailVerified,
    ).toBe(false);
  });

  it('refuses a profile without sub or with wrongly typed fields', () => {
    expect(() => mapMicrosoftProfile({ oid: 'o', email: 'a@x.test' })).toThrow('provider user info missing subject identifier');
    expect(() => mapMicrosoftProfile({ sub: 's', email_verified: 'true' })).toThrow('email_verified');
    expect(() => mapMicrosoftProfile({ sub: 's', verified_primary_email: 'a@x.test' })).toThrow('verified_primary_email');
  });

  it('maps name and picture and keeps the raw profile', () => {
    const raw = { sub: 's', name: 'Ann', picture: 'data:image/jpeg;base64,AAAA', tid: 't' };
    expect(mapMicrosoftProfile(raw)).toEqual({
      providerAccountId: 's',
      email: null,
      emailVerified: false,
      name: 'Ann',
      image: 'data:image/jpeg;base64,AAAA',
      raw,
    });
  });
});
