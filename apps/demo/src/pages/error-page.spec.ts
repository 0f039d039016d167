import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { EXPLANATIONS, GENERIC_EXPLANATION } from './error-explanations.js';
import { renderErrorPage } from './error-page.js';

/** The codes of the README's error table (first column, in backticks). */
function readmeErrorCodes(): string[] {
  const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
  const section = readme.split(/^### Error codes.*$/m)[1]?.split(/^#{2,3} /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([a-z_]+)`/g)].map((match) => match[1] ?? ''));
}

describe('error page', () => {
  it('has a specific explanation and a next step for every code of the README error table', () => {
    const codes = readmeErrorCodes();
    expect(codes.length).toBeGreaterThanOrEqual(10);
    for (const code of codes) {
      const html = renderErrorPage(code);
      const explanation = EXPLANATIONS[code];
      expect(explanation).toBeDefined();
      expect(html).toContain(`<code>${code}</code>`);
      expect(html).toContain('What you can do:');
      expect(html).not.toContain(GENERIC_EXPLANATION.what);
    }
  });

  it('explains the provider\'s common error values and the account actions\' codes too', () => {
    for (const code of ['access_denied', 'refresh_failed', 'refresh_token_missing', 'oauth_account_not_found']) {
      expect(renderErrorPage(code)).not.toContain(GENERIC_EXPLANATION.what);
    }
  });

  it('shows an unknown or missing code with the generic text, escaped, and never reads Object.prototype', () => {
    expect(renderErrorPage('<img src=x onerror=alert(1)>')).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(renderErrorPage('<img src=x onerror=alert(1)>')).not.toContain('<img');
    expect(renderErrorPage('constructor')).toContain(GENERIC_EXPLANATION.what);
    expect(renderErrorPage(null)).toContain('<code>unknown_error</code>');
    expect(renderErrorPage('')).toContain('role="alert"');
  });
});
