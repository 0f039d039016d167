import type { Contender } from './ipc.js';
import type { MicroResults } from './micro-child.js';
import type { HttpResults, MemoryResult, ProfileResult } from './phases.js';
import type { RunResult } from './stats.js';

export interface AllResults {
  machine: string;
  date: string;
  settings: Record<string, number>;
  http: HttpResults;
  micro: MicroResults;
  memory: MemoryResult[];
  profiles: ProfileResult[];
}

/** Heap growth allowed from 1,000 to N starts: about 100 bytes per start would already be a leak. */
const HEAP_GROWTH_LIMIT_MB = 5;
const RSS_GROWTH_LIMIT_MB = 30;

const NAMES: Record<Contender, string> = {
  bare: 'bare Express 302 (ceiling)',
  passport: 'Passport + openid-client + express-session',
  'nest-adapter': 'this module, adapter state (SQLite)',
  'nest-cookie': 'this module, cookie state',
};

const num = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 1 ? 3 : 1) : 'n/a');
const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);
const yes = (ok: boolean) => (ok ? 'yes' : 'NO');

type Row = [string, string, string, string, string, string, string, string, string];

function row(id: string, what: string, who: string, r: RunResult | null, unit: string, ratioText: string, goal: string, met: string): Row {
  return [id, what, who, r ? `${num(r.perSec)} ${unit}` : '—', r ? ms(r.p50Ms) : '—', r ? ms(r.p99Ms) : '—', ratioText, goal, met];
}

function table(rows: Row[]): string {
  const header: Row = ['#', 'what', 'contender', 'throughput', 'p50 ms', 'p99 ms', 'ratio', 'goal', 'met'];
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: Row) => `| ${r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function rows(results: AllResults): Row[] {
  const out: Row[] = [];
  const { start, roundTrip } = results.http;
  const bare = start.bare;
  const passport = start.passport;
  out.push(row('1', 'sign-in start', NAMES.bare, bare ?? null, 'starts/s', '1.00× bare', '(ceiling)', ''));
  out.push(row('1', 'sign-in start', NAMES.passport, passport ?? null, 'starts/s', `${num(ratio(passport?.perSec ?? 0, bare?.perSec ?? 0), 2)}× bare`, '', ''));
  for (const kind of ['nest-adapter', 'nest-cookie'] as const) {
    const r = start[kind];
    const vsBare = ratio(r?.perSec ?? 0, bare?.perSec ?? 0);
    const vsPassport = ratio(r?.perSec ?? 0, passport?.perSec ?? 0);
    out.push(
      row('1', 'sign-in start', NAMES[kind], r ?? null, 'starts/s', `${num(vsBare, 2)}× bare, ${num(vsPassport, 2)}× Passport`,
        '≥0.5× bare, ≥1.0× Passport', yes(vsBare >= 0.5 && vsPassport >= 1.0)),
    );
  }
  const tripPassport = roundTrip.passport;
  out.push(row('2', 'sign-in round trip', NAMES.passport, tripPassport ?? null, 'sign-ins/s', '1.00× Passport', '', ''));
  for (const kind of ['nest-adapter', 'nest-cookie'] as const) {
    const r = roundTrip[kind];
    const vs = ratio(r?.perSec ?? 0, tripPassport?.perSec ?? 0);
    out.push(row('2', 'sign-in round trip', NAMES[kind], r ?? null, 'sign-ins/s', `${num(vs, 2)}× Passport`, '≥1.2× Passport', yes(vs >= 1.2)));
  }
  out.push(row('2', 'sign-in round trip', 'Better Auth + generic OAuth plugin', null, '', 'not run', 'ahead of Better Auth', 'n/a (not installable)'));
  const { accessToken, idToken, refresh } = results.micro;
  const at = ratio(accessToken.module.perSec, accessToken.raw.perSec);
  out.push(row('3', 'getAccessToken (valid, encrypted)', 'this module', accessToken.module, 'calls/s', `${num(at, 2)}× raw`, '≥0.67× raw', yes(at >= 0.67)));
  out.push(row('3', 'getAccessToken (valid, encrypted)', 'raw repository read (same row)', accessToken.raw, 'calls/s', '1.00×', '', ''));
  const id = ratio(idToken.module.perSec, idToken.jose.perSec);
  out.push(
    row('4', 'ID-token validation', 'this module', idToken.module, 'validations/s',
      `${num(id, 2)}× jose; ${num(idToken.jwksFetchesPer1000, 2)} JWKS fetches/1000`, '≥0.8× jose; 0 fetches', yes(id >= 0.8 && idToken.jwksFetchesPer1000 === 0)),
  );
  out.push(row('4', 'ID-token validation', 'jose.jwtVerify, local key set', idToken.jose, 'validations/s', '1.00×', '', ''));
  out.push([
    '5', '100 concurrent getAccessToken, expiring token', 'this module', `${refresh.callers} calls in ${ms(refresh.elapsedMs)} ms`, '—', '—',
    `${refresh.refreshRequests} refresh request(s), ${refresh.distinctTokens} distinct token(s)`, 'exactly 1 refresh', yes(refresh.refreshRequests === 1 && refresh.distinctTokens === 1),
  ]);
  for (const m of results.memory) {
    const first = m.samples[0];
    const last = m.samples.at(-1);
    if (!first || !last) continue;
    const heapGrowth = last.memory.heapUsedMb - first.memory.heapUsedMb;
    const rssGrowth = last.memory.rssMb - first.memory.rssMb;
    const trail = m.samples.map((s) => `${s.starts / 1000}k: rss ${num(s.memory.rssMb, 1)} / heap ${num(s.memory.heapUsedMb, 1)} MB`).join('; ');
    out.push([
      '6', `memory after ${last.starts} starts`, `this module, ${m.strategy} state`, `${num(m.startsPerSec)} starts/s`, '—', '—', trail,
      `heap +<${HEAP_GROWTH_LIMIT_MB} MB, rss +<${RSS_GROWTH_LIMIT_MB} MB`, `${yes(heapGrowth < HEAP_GROWTH_LIMIT_MB && rssGrowth < RSS_GROWTH_LIMIT_MB && m.failures === 0)} (heap ${heapGrowth >= 0 ? '+' : ''}${num(heapGrowth, 1)}, rss ${rssGrowth >= 0 ? '+' : ''}${num(rssGrowth, 1)} MB)`,
    ]);
  }
  return out;
}

function cachingLines(results: AllResults): string[] {
  const lines: string[] = ['Discovery and JWKS requests seen by each contender\'s OP stub (after warm-up → after all load):'];
  for (const kind of ['passport', 'nest-adapter', 'nest-cookie'] as const) {
    const a = results.http.countersAfterWarmup[kind];
    const b = results.http.countersAtEnd[kind];
    if (!a || !b) continue;
    lines.push(
      `  ${NAMES[kind]}: discovery ${a.stub.discovery} → ${b.stub.discovery}, jwks ${a.stub.jwks} → ${b.stub.jwks}, ` +
        `sign-ins (token requests) ${b.stub.token}`,
    );
  }
  const d = results.micro.discovery;
  lines.push(
    `  module, in-process: cold start ${d.afterColdStart} discovery request; after all #3-#5 work ${d.afterAllWork}; ` +
      `clock moved past the 1 h TTL: ${d.afterTtl}, asked again: ${d.afterTtlTwice}`,
  );
  return lines;
}

function profileLines(profile: ProfileResult): string[] {
  const { summary, operations, label } = profile;
  return [
    `Profile: ${label} (node --cpu-prof, ${operations} chains in the window; the OP stub shares the process):`,
    `  busy ${num(summary.busyMs)} ms, of which GC ${num(summary.gcPercent, 1)}%`,
    '  self time by area:',
    ...summary.areas.slice(0, 10).map((a) => `    ${num(a.percent, 1).padStart(5)}%  ${a.area}`),
    '  top functions by self time:',
    ...summary.topFunctions.map((f) => `    ${num(f.percent, 1).padStart(5)}%  ${f.name}  [${f.area}]`),
  ];
}

/** A benchmark of error pages proves nothing: every failed chain or call is reported. */
function failureLine(results: AllResults): string {
  const counts: string[] = [];
  for (const [label, comparison] of [['#1', results.http.start], ['#2', results.http.roundTrip]] as const) {
    for (const [kind, r] of Object.entries(comparison)) counts.push(`${label} ${kind} ${r.failures}`);
  }
  const { accessToken, idToken } = results.micro;
  counts.push(`#3 ${accessToken.module.failures + accessToken.raw.failures}`, `#4 ${idToken.module.failures + idToken.jose.failures}`);
  for (const m of results.memory) counts.push(`#6 ${m.strategy} ${m.failures}`);
  return `Failed chains / calls (must all be 0): ${counts.join(', ')}`;
}

/** The one printed report: the table, then the caching evidence and the profile. */
export function renderReport(results: AllResults): string {
  return [
    `Machine: ${results.machine}`,
    `Date: ${results.date}`,
    `Settings: ${Object.entries(results.settings).map(([k, v]) => `${k}=${v}`).join(', ')}`,
    '',
    table(rows(results)),
    '',
    failureLine(results),
    '',
    ...cachingLines(results),
    '',
    ...results.profiles.flatMap((p) => ['', ...profileLines(p)]),
  ].join('\n');
}
