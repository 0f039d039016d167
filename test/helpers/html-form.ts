/**
 * Detects the auto-submitting POST form that response_mode=form_post produces (oidc-provider renders
 * `<form method="post" action="...">` with hidden inputs plus a script calling `document.forms[0].submit()`),
 * so TestBrowser can do what a real browser with JavaScript does: submit it.
 */

export interface AutoSubmitForm {
  /** Absolute form action. */
  action: URL;
  fields: Record<string, string>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/** Attributes of one start tag's attribute text, names lower-cased, values entity-decoded. */
export function parseAttributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const pattern = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
  for (const match of text.matchAll(pattern)) {
    const name = match[1];
    if (name === undefined) continue;
    out[name.toLowerCase()] = decodeHtmlEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return out;
}

/** A page auto-submits when it has a script calling `.submit()` or a body `onload` handler. */
function autoSubmits(html: string): boolean {
  return /<script\b[\s\S]*?\.submit\(\)[\s\S]*?<\/script>/i.test(html) || /<body\b[^>]*\bonload\s*=/i.test(html);
}

/** The first auto-submitting `method="post"` form of `html`, or null. */
export function findAutoSubmitForm(html: string, pageUrl: string): AutoSubmitForm | null {
  if (!autoSubmits(html)) return null;
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return null;
  const attributes = parseAttributes(form[1] ?? '');
  if ((attributes.method ?? 'get').toLowerCase() !== 'post') return null;
  const fields: Record<string, string> = {};
  for (const input of (form[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
    const inputAttributes = parseAttributes(input[1] ?? '');
    const name = inputAttributes.name;
    if (name === undefined || (inputAttributes.type ?? 'text').toLowerCase() !== 'hidden') continue;
    fields[name] = inputAttributes.value ?? '';
  }
  const action = attributes.action;
  return { action: new URL(action === undefined || action === '' ? pageUrl : action, pageUrl), fields };
}
