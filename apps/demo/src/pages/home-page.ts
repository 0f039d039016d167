import type { AccountView, IndividualView } from '../account-view.js';
import { escapeHtml, page } from './html.js';

export interface HomePageModel {
  providerIds: string[];
  signedIn: { individual: IndividualView; accounts: AccountView[] } | null;
}

const LABELS: Readonly<Record<string, string>> = {
  dev: 'the development identity provider',
  oidc: 'OpenID Connect',
  google: 'Google',
  microsoft: 'Microsoft',
  github: 'GitHub',
  apple: 'Apple',
  auth0: 'Auth0',
  okta: 'Okta',
  keycloak: 'Keycloak',
};

export function providerLabel(id: string): string {
  return LABELS[id] ?? id;
}

export function renderHomePage(model: HomePageModel): string {
  const body = model.signedIn === null ? signedOut(model.providerIds) : signedIn(model.providerIds, model.signedIn);
  return page('OAuth demo', `<h1>OAuth / OpenID Connect demo</h1>\n${body}\n${footer()}`);
}

function signedOut(providerIds: string[]): string {
  if (providerIds.length === 0) {
    return '<p>No identity provider is configured. Set <code>DEV_IDP=on</code>, <code>OIDC_ISSUER</code>, <code>GOOGLE_CLIENT_ID</code> or <code>MICROSOFT_CLIENT_ID</code>.</p>';
  }
  const buttons = providerIds
    .map((id) => `<li><a class="button" href="/login/${encodeURIComponent(id)}">Sign in with ${escapeHtml(providerLabel(id))}</a></li>`)
    .join('\n');
  const devHint = providerIds.includes('dev')
    ? '\n<p class="hint">The development identity provider lets you in with any email address, without a password.</p>'
    : '';
  return `<p>You are not signed in.</p>
<h2>Sign in</h2>
<ul class="actions" aria-label="Sign-in options">
${buttons}
</ul>${devHint}`;
}

function signedIn(providerIds: string[], model: NonNullable<HomePageModel['signedIn']>): string {
  const { individual, accounts } = model;
  const who = individual.name ?? individual.email ?? individual.id;
  const verified = individual.email === null ? '' : individual.emailVerified ? ' (verified)' : ' (not verified)';
  const links = providerIds
    .map((id) => `<li><a class="button secondary" href="/link/${encodeURIComponent(id)}">Link another account from ${escapeHtml(providerLabel(id))}</a></li>`)
    .join('\n');
  const sameEmail =
    individual.email === null
      ? 'The other account must use the same email address as yours.'
      : `The other account must use the same email address as yours (<strong>${escapeHtml(individual.email)}</strong>).`;
  return `<p>Signed in as <strong>${escapeHtml(who)}</strong>.</p>
<h2>You</h2>
<dl>
  <dt>Individual id</dt><dd><code>${escapeHtml(individual.id)}</code></dd>
  <dt>Email</dt><dd>${escapeHtml(individual.email ?? '—')}${verified}</dd>
  <dt>Name</dt><dd>${escapeHtml(individual.name ?? '—')}</dd>
</dl>
<h2>Linked accounts</h2>
${accounts.length === 0 ? '<p>No linked accounts.</p>' : accountsTable(accounts)}
<h2>Link another account</h2>
<p class="hint">${sameEmail}</p>
<ul class="actions" aria-label="Link another account">
${links}
</ul>
<h2>Session</h2>
<form method="post" action="/logout"><button type="submit">Sign out</button></form>`;
}

function accountsTable(accounts: AccountView[]): string {
  const rows = accounts.map((account) => {
    const base = `/accounts/${encodeURIComponent(account.provider)}/${encodeURIComponent(account.providerAccountId)}`;
    const label = `${providerLabel(account.provider)} account ${account.providerAccountId}`;
    // Without a refresh token "Refresh now" can only fail, so it is not offered.
    const refresh = account.hasRefreshToken
      ? `<form class="inline" method="post" action="${escapeHtml(`${base}/refresh`)}"><button type="submit" class="secondary" aria-label="${escapeHtml(`Refresh now: ${label}`)}">Refresh now</button></form>`
      : '';
    return `<tr>
  <td>${escapeHtml(providerLabel(account.provider))}</td>
  <td><code>${escapeHtml(account.providerAccountId)}</code></td>
  <td>${escapeHtml(account.scope ?? '—')}</td>
  <td>${account.accessTokenExpiresAt === null ? 'no expiry' : `<time datetime="${escapeHtml(account.accessTokenExpiresAt)}">${escapeHtml(account.accessTokenExpiresAt)}</time>`}</td>
  <td>${account.hasRefreshToken ? 'yes' : 'no'}</td>
  <td>
    ${refresh}
    <form class="inline" method="post" action="${escapeHtml(`${base}/unlink`)}"><button type="submit" class="secondary" aria-label="${escapeHtml(`Unlink ${label}`)}">Unlink</button></form>
  </td>
</tr>`;
  });
  return `<table>
<caption class="visually-hidden">Accounts linked to you</caption>
<thead><tr><th scope="col">Provider</th><th scope="col">Account id</th><th scope="col">Scope</th><th scope="col">Access token expires</th><th scope="col">Refresh token</th><th scope="col">Actions</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

function footer(): string {
  return `<footer>
<p><a href="/me">Your data as JSON</a> · <a href="/docs">API documentation</a></p>
</footer>`;
}
