import { escapeHtml, page } from '../pages/html.js';

export interface InteractionPageModel {
  /** Where the form posts (…/interaction/:uid/login). */
  action: string;
  clientId: string;
  scopes: string[];
  /** Re-filled values and a message after a rejected submission. */
  email?: string;
  name?: string;
  error?: string;
}

/** The dev IdP's sign-in page: who you type is who you are (development only). */
export function renderInteractionPage(model: InteractionPageModel): string {
  const error =
    model.error === undefined
      ? ''
      : `<p class="error" role="alert" id="form-error">${escapeHtml(model.error)}</p>`;
  const scopes = model.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('');
  const describedBy = model.error === undefined ? '' : ' aria-describedby="form-error"';
  return page(
    'Sign in to the development identity provider',
    `<h1>Sign in to the development identity provider</h1>
<p>This is the demo's built-in identity provider, for development only: there is no password, any email signs you in
as that user.</p>
${error}
<form method="post" action="${escapeHtml(model.action)}">
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="email" required autofocus${describedBy}
    value="${escapeHtml(model.email ?? '')}">
  <label for="name">Name <span>(optional)</span></label>
  <input id="name" name="name" type="text" autocomplete="name" value="${escapeHtml(model.name ?? '')}">
  <p><button type="submit">Continue</button></p>
</form>
<h2>Requested by <code>${escapeHtml(model.clientId)}</code></h2>
<ul>${scopes}</ul>`,
  );
}
