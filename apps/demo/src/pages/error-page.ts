import { explain } from './error-explanations.js';
import { escapeHtml, page } from './html.js';

/** The friendly page behind `/auth/error?error=CODE` (every provider's `defaultErrorRedirectUrl`). */
export function renderErrorPage(code: string | null): string {
  const shown = code === null || code === '' ? 'unknown_error' : code;
  const { what, todo } = explain(shown);
  return page(
    'Sign-in problem',
    `<h1>Something went wrong</h1>
<div class="error" role="alert">
<p>${escapeHtml(what)}</p>
<p><strong>What you can do:</strong> ${escapeHtml(todo)}</p>
</div>
<p>Error code: <code>${escapeHtml(shown)}</code></p>
<p><a class="button" href="/">Back to the start page</a></p>`,
  );
}
