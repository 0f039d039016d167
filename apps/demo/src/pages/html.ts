/** Minimal server-side HTML helpers: every dynamic value goes through `escapeHtml` (no template engine). */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

const STYLE = `
  :root { color-scheme: light dark; --accent: #2457c5; }
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; }
  main { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
  a, button { font: inherit; }
  .button, button { display: inline-block; padding: .45rem .9rem; border: 1px solid var(--accent); border-radius: .4rem;
    background: var(--accent); color: #fff; text-decoration: none; cursor: pointer; }
  .secondary { background: transparent; color: var(--accent); }
  button:focus-visible, a:focus-visible, input:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
  ul.actions { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
  th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #8884; vertical-align: top; }
  form.inline { display: inline; }
  label { display: block; margin-top: .8rem; font-weight: 600; }
  input { font: inherit; padding: .4rem; width: 100%; max-width: 24rem; box-sizing: border-box; }
  .error { border-left: 4px solid #c62828; padding: .5rem 1rem; }
  code { overflow-wrap: anywhere; }
  .hint { opacity: .85; font-size: .95rem; }
  footer { margin-top: 3rem; border-top: 1px solid #8884; font-size: .9rem; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

/** A complete page. `title` is escaped; `body` must already be safe HTML. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}
