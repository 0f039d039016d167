import { describe, expect, it } from '@jest/globals';
import { Keyring } from '../../crypto/keyring.js';
import type { SessionSettings } from '../../options/settings.js';
import type { AccountRecord } from '../../persistence/records.js';
import type { ProviderRuntime } from '../../providers/provider-runtime.js';
import { AccountCookieService, accountCookieName } from './account-cookie.js';

const SECRET = 'account-cookie-secret-0123456789abcdef';
const options = {
  sessionMaxAgeSeconds: 3600,
  cookies: { secure: true, sameSite: 'lax', domain: null },
} as unknown as SessionSettings;

function runtime(id: string, storeAccountCookie = true): ProviderRuntime {
  return { config: { id, storeAccountCookie } } as unknown as ProviderRuntime;
}

const account: AccountRecord = {
  id: 'acc-1',
  individualId: 'ind-1',
  provider: 'google',
  providerAccountId: 'sub-123',
  accessToken: 'access-token-value',
  refreshToken: 'refresh-token-value',
  idToken: 'id-token-value',
  accessTokenExpiresAt: null,
  refreshTokenExpiresAt: null,
  scope: 'openid email',
  tokenType: 'Bearer',
  createdAt: new Date(),
  updatedAt: new Date(),
} as AccountRecord;

describe('AccountCookieService', () => {
  const keyring = Keyring.fromSecrets(SECRET);
  const service = new AccountCookieService(options, keyring);
  const google = runtime('google');

  it('writes belgie_oauth_<id>_account, HttpOnly, Max-Age = session max age, sealed, holding ids only', () => {
    const [cookie] = service.write(google, account);
    expect(cookie).toMatchObject({ name: 'belgie_oauth_google_account', maxAge: 3600, httpOnly: true, secure: true, path: '/', sameSite: 'lax' });
    const value = cookie?.value ?? '';
    for (const secret of ['access-token-value', 'refresh-token-value', 'id-token-value', 'sub-123']) expect(value).not.toContain(secret);
    expect(keyring.box('account-cookie').open(value)).toEqual({
      v: 1,
      provider: 'google',
      accountId: 'acc-1',
      individualId: 'ind-1',
      providerAccountId: 'sub-123',
    });
    expect(service.read(google, 'ind-1', { [accountCookieName('google')]: value })).toBe('sub-123');
  });

  it('ignores a cookie of another individual, another provider, tampered, sealed for another purpose or another secret', () => {
    const value = service.write(google, account)[0]?.value ?? '';
    const name = accountCookieName('google');
    expect(service.read(google, 'ind-2', { [name]: value })).toBeNull();
    // Copied into another provider's cookie name: it still names google, so it is refused.
    expect(service.read(runtime('other'), 'ind-1', { [accountCookieName('other')]: value })).toBeNull();
    const tampered = value.slice(0, -2) + (value.endsWith('AA') ? 'BB' : 'AA');
    expect(service.read(google, 'ind-1', { [name]: tampered })).toBeNull();
    const wrongPurpose = keyring.box('state').seal({ v: 1, provider: 'google', accountId: 'a', individualId: 'ind-1', providerAccountId: 'x' });
    expect(service.read(google, 'ind-1', { [name]: wrongPurpose })).toBeNull();
    const otherSecret = new AccountCookieService(options, Keyring.fromSecrets('another-secret-0123456789abcdefghij'));
    expect(otherSecret.read(google, 'ind-1', { [name]: value })).toBeNull();
    const malformed = keyring.box('account-cookie').seal({ v: 1, provider: 'google', individualId: 'ind-1' });
    expect(service.read(google, 'ind-1', { [name]: malformed })).toBeNull();
    expect(service.read(google, 'ind-1', {})).toBeNull();
  });

  it('reads under a rotated secret list [new, old]', () => {
    const value = service.write(google, account)[0]?.value ?? '';
    const rotated = new AccountCookieService(options, Keyring.fromSecrets(['a-brand-new-secret-0123456789abcdefgh', SECRET]));
    expect(rotated.read(google, 'ind-1', { [accountCookieName('google')]: value })).toBe('sub-123');
  });

  it('does nothing for a provider without storeAccountCookie; clear() expires the cookie', () => {
    const off = runtime('google', false);
    const value = service.write(google, account)[0]?.value ?? '';
    expect(service.write(off, account)).toEqual([]);
    expect(service.clear(off)).toEqual([]);
    expect(service.read(off, 'ind-1', { [accountCookieName('google')]: value })).toBeNull();
    expect(service.clear(google)).toEqual([expect.objectContaining({ name: 'belgie_oauth_google_account', value: '', maxAge: 0, path: '/' })]);
  });
});
