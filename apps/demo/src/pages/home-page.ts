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
};

export function providerLabel(id: string): string {
  return LABELS[id] ?? id;
}

export function renderHomePage(model: HomePageModel): string {
  const body = model.signedIn === null ? signedOut(model.providerIds) : signedIn(model.providerIds, model.signedIn);
  return page('OAuth demo', `<h1>OAuth / OpenID Connect demo</h1>\n${body}`);
}

function signedOut(providerIds: string[]): string {
  if (providerIds.length === 0) {
    return '<p>No identity provider is configured. Set <code>DEV_IDP=on</code> or <code>OIDC_ISSUER</code>.</p>';
  }
  const buttons = providerIds
    .map((id) => `<li><a class="button" href="/login/${encodeURIComponent(id)}">Sign in with ${escapeHtml(providerLabel(id))}</a></li>`)
    .join('\n');
  return `<p>You are not signed in.</p>\n<h2>Sign in</h2>\n<ul class="actions">\n${buttons}\n</ul>`;
}

function signedIn(providerIds: string[], model: NonNullable<HomePageModel['signedIn']>): string {
  const { individual, accounts } = model;
  const who = individual.name ?? individual.email ?? individual.id;
  const verified = individual.email === null ? '' : individual.emailVerified ? ' (verified)' : ' (not verified)';
  const links = providerIds
    .map((id) => `<li><a class="button secondary" href="/link/${encodeURIComponent(id)}">Link another account from ${escapeHtml(providerLabel(id))}</a></li>`)
    .join('\n');
  return `<p>Signed in as <strong>${escapeHtml(who)}</strong>.</p>
<h2>You</h2>
<dl>
  <dt>Individual id</dt><dd><code>${escapeHtml(individual.id)}</code></dd>
  <dt>Email</dt><dd>${escapeHtml(individual.email ?? '—')}${verified}</dd>
  <dt>Name</dt><dd>${escapeHtml(individual.name ?? '—')}</dd>
</dl>
<h2>Linked accounts</h2>
${accounts.length === 0 ? '<p>No linked accounts.</p>' : accountsTable(accounts)}
<ul class="actions">
${links}
</ul>
<h2>Session</h2>
<form method="post" action="/logout"><button type="submit">Sign out</button></form>`;
}

function accountsTable(accounts: AccountView[]): string {
  const rows = accounts.map((account) => {
    const base = `/accounts/${encodeURIComponent(account.provider)}/${encodeURIComponent(account.providerAccountId)}`;
    const label = `${providerLabel(account.provider)} account ${account.providerAccountId}`;
    return `<tr>
  <td>${escapeHtml(providerLabel(account.provider))}</td>
  <td><code>${escapeHtml(account.providerAccountId)}</code></td>
  <td>${escapeHtml(account.scope ?? '—')}</td>
  <td>${account.accessTokenExpiresAt === null ? 'no expiry' : `<time datetime="${escapeHtml(account.accessTokenExpiresAt)}">${escapeHtml(account.accessTokenExpiresAt)}</time>`}</td>
  <td>${account.hasRefreshToken ? 'yes' : 'no'}</td>
  <td>
    <form class="inline" method="post" action="${escapeHtml(`${base}/refresh`)}"><button type="submit" class="secondary" aria-label="${escapeHtml(`Refresh now: ${label}`)}">Refresh now</button></form>
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
