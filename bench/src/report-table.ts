/** A plain Markdown table, columns padded to their widest cell. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]) => `| ${header.map((_, c) => (r[c] ?? '').padEnd(widths[c] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export const num = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
export const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 1 ? 3 : 1) : 'n/a');
export const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? a / b : Number.NaN);
export const times = (value: number) => `${num(value, 2)}×`;
export const yes = (ok: boolean) => (ok ? 'met' : 'NOT met');
