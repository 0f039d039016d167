import { describe, expect, it } from '@jest/globals';
import type { AccountView } from '../account-view.js';
import { renderHomePage } from './home-page.js';

const account = (overrides: Partial<AccountView>): AccountView => ({
  provider: 'dev',
  providerAccountId: 'dev-abc',
  scope: 'openid email',
  accessTokenExpiresAt: '2030-01-01T00:00:00.000Z',
  refreshTokenExpiresAt: null,
  tokenType: 'Bearer',
  hasRefreshToken: true,
  createdAt: '2029-01-01T00:00:00.000Z',
  updatedAt: '2029-01-01T00:00:00.000Z',
  ...overrides,
});

describe('home page', () => {
  it('offers one sign-in button per configured provider, with a hint for the dev IdP', () => {
    const html = renderHomePage({ providerIds: ['dev', 'google', 'microsoft'], signedIn: null });
    expect(html).toContain('<a class="button" href="/login/dev">Sign in with the development identity provider</a>');
    expect(html).toContain('<a class="button" href="/login/google">Sign in with Google</a>');
    expect(html).toContain('<a class="button" href="/login/microsoft">Sign in with Microsoft</a>');
    expect(html).toContain('any email address');
    expect(renderHomePage({ providerIds: ['google'], signedIn: null })).not.toContain('any email address');
    expect(renderHomePage({ providerIds: [], signedIn: null })).toContain('No identity provider is configured');
  });

  it('shows the individual, the accounts with labelled actions, link buttons and sign out, all escaped', () => {
    const html = renderHomePage({
      providerIds: ['dev', 'google'],
      signedIn: {
        individual: { id: 'i-1', email: 'x@example.com', emailVerified: true, name: '<b>X</b>', image: null },
        accounts: [account({}), account({ provider: 'google', providerAccountId: 'g-1', hasRefreshToken: false })],
      },
    });
    expect(html).toContain('&lt;b&gt;X&lt;/b&gt;');
    expect(html).not.toContain('<b>X</b>');
    expect(html).toContain('x@example.com</strong>');
    expect(html).toContain('action="/accounts/dev/dev-abc/refresh"');
    expect(html).toContain('aria-label="Unlink the development identity provider account dev-abc"');
    expect(html).toContain('action="/accounts/google/g-1/unlink"');
    // No refresh token: no "Refresh now" that could only fail.
    expect(html).not.toContain('action="/accounts/google/g-1/refresh"');
    expect(html).toContain('href="/link/dev">Link another account from the development identity provider</a>');
    expect(html).toContain('href="/link/google">Link another account from Google</a>');
    expect(html).toContain('<form method="post" action="/logout"><button type="submit">Sign out</button></form>');
    expect(html).toContain('href="/docs"');
  });
});
