import { describe, expect, it } from '@jest/globals';
import { mapGitHubProfile } from './github-profile.js';
import { GITHUB_EMAILS, GITHUB_USER } from './github.recorded.spec-support.js';

const profile = (user: Record<string, unknown>, emails: unknown) => mapGitHubProfile({ ...user, emails });

describe('GitHub profile mapping (recorded /user and /user/emails shapes)', () => {
  it('maps the documented example: numeric id as the key, primary verified email, name, avatar', () => {
    expect(profile(GITHUB_USER, GITHUB_EMAILS)).toMatchObject({
      providerAccountId: '1',
      email: 'octocat@github.com',
      emailVerified: true,
      name: 'monalisa octocat',
      image: 'https://github.com/images/error/octocat_happy.gif',
    });
  });

  it('GitHub public profile email is not trusted (no /user/emails access: shown, never verified)', () => {
    const user = { ...GITHUB_USER, email: 'victim@example.com' };
    expect(profile(user, null)).toMatchObject({ email: 'victim@example.com', emailVerified: false });
  });

  it('GitHub public profile email is not trusted (it differs from the verified primary: the primary wins)', () => {
    const user = { ...GITHUB_USER, email: 'victim@example.com' };
    expect(profile(user, GITHUB_EMAILS)).toMatchObject({ email: 'octocat@github.com', emailVerified: true });
  });

  it('GitHub verified but not primary email is not the account email', () => {
    const emails = [
      { email: 'old@example.com', verified: false, primary: true, visibility: 'private' },
      { email: 'other@example.com', verified: true, primary: false, visibility: null },
    ];
    expect(profile(GITHUB_USER, emails)).toMatchObject({ email: 'old@example.com', emailVerified: false });
  });

  it('GitHub email verified as string "true" is not verified', () => {
    const emails = [{ email: 'octocat@github.com', verified: 'true', primary: true, visibility: 'public' }];
    expect(profile(GITHUB_USER, emails)).toMatchObject({ emailVerified: false });
  });

  it('GitHub account is keyed by the numeric id, never the login', () => {
    const renamed = profile({ ...GITHUB_USER, login: 'someone-else' }, GITHUB_EMAILS);
    expect(renamed.providerAccountId).toBe('1');
    expect(() => profile({ ...GITHUB_USER, id: undefined }, GITHUB_EMAILS)).toThrow(expect.objectContaining({ code: 'user_info_missing' }));
    expect(() => profile({ ...GITHUB_USER, id: '1' }, GITHUB_EMAILS)).toThrow(expect.objectContaining({ code: 'user_info_missing' }));
    expect(() => profile({ ...GITHUB_USER, id: 1.5 }, GITHUB_EMAILS)).toThrow(expect.objectContaining({ code: 'user_info_missing' }));
  });

  it('falls back to the login for the name and refuses wrongly typed fields with a coded error', () => {
    expect(profile({ ...GITHUB_USER, name: null }, GITHUB_EMAILS).name).toBe('octocat');
    expect(() => profile({ ...GITHUB_USER, name: 42 }, GITHUB_EMAILS)).toThrow(expect.objectContaining({ code: 'user_info_missing' }));
    expect(() => profile(GITHUB_USER, { email: 'x' })).toThrow(expect.objectContaining({ code: 'user_info_missing' }));
  });
});
