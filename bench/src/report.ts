import type { Contender } from './ipc.js';
import { detailLines } from './report-details.js';
import { markdownTable, ms, num, ratio, times, yes } from './report-table.js';
import { HEAP_GROWTH_LIMIT_MB, NAMES, type AllResults } from './results.js';
import type { RunResult } from './stats.js';

export type { AllResults } from './results.js';

const MODULE_FLOWS = ['nest-adapter', 'nest-cookie'] as const;

function rateAndCpu(r: RunResult | undefined, base: RunResult | undefined): { rate: number; cpu: number } {
  return { rate: ratio(r?.perSec, base?.perSec), cpu: ratio(r?.cpuMsPerOp, base?.cpuMsPerOp) };
}

/** The goal rows of issue #16, each with its measured ratio and a met / not-met verdict. */
function goalRows(results: AllResults): string[][] {
  const { start, roundTrip, signedIn } = results.http;
  const rows: string[][] = [];
  for (const kind of MODULE_FLOWS) {
    const s = rateAndCpu(start[kind], start.passport);
    rows.push(['whole start path, login route → provider', NAMES[kind], `${times(s.rate)} rate, ${times(s.cpu)} CPU/start`, '≥ 1.0× rate, ≤ 1.0× CPU', yes(s.rate >= 1 && s.cpu <= 1)]);
  }
  for (const kind of MODULE_FLOWS) {
    const t = rateAndCpu(roundTrip[kind], roundTrip.passport);
    rows.push(['full sign-in round trip', NAMES[kind], `${times(t.rate)} rate, ${times(t.cpu)} CPU/sign-in`, '≥ 1.2× rate, ≤ 0.8× CPU', yes(t.rate >= 1.2 && t.cpu <= 0.8)]);
  }
  const plain = ratio(signedIn['nest-adapter']?.perSec, signedIn.passport?.perSec);
  rows.push(['signed-in GET /me behind SessionGuard', NAMES['nest-adapter'], `${times(plain)} rate`, '≥ 1.0× Passport', yes(plain >= 1)]);
  const cached = ratio(signedIn['nest-cache']?.perSec, signedIn.passport?.perSec);
  rows.push(['the same with the signed session cache', NAMES['nest-cache'], `${times(cached)} rate`, '≥ 1.5× Passport', yes(cached >= 1.5)]);
  for (const kind of MODULE_FLOWS) {
    const b = rateAndCpu(roundTrip[kind], roundTrip['better-auth']);
    const ran = roundTrip['better-auth'] !== undefined;
    rows.push(['round trip vs Better Auth', NAMES[kind], ran ? `${times(b.rate)} rate, ${times(b.cpu)} CPU/sign-in` : 'not run (npm ci --prefix bench/better-auth)', 'ahead (> 1.0× rate)', ran ? yes(b.rate > 1) : 'n/a']);
  }
  for (const m of results.memory) {
    const first = m.samples[0];
    const last = m.samples.at(-1);
    if (!first || !last) continue;
    const heap = last.memory.heapUsedMb - first.memory.heapUsedMb;
    const rss = last.memory.rssMb - first.memory.rssMb;
    const sign = (v: number) => `${v >= 0 ? '+' : ''}${num(v, 1)}`;
    rows.push([
      `memory, ${first.starts / 1000}k → ${last.starts / 1000}k starts`, `this module, ${m.strategy} state`,
      `heap ${sign(heap)} MB, RSS ${sign(rss)} MB`, `heap flat (< +${HEAP_GROWTH_LIMIT_MB} MB), RSS bounded`, yes(heap < HEAP_GROWTH_LIMIT_MB && m.failures === 0),
    ]);
  }
  return rows;
}

/** Every contender of every HTTP phase, with the absolute figures behind the ratios. */
function measurementRows(results: AllResults): string[][] {
  const rows: string[][] = [];
  const { http } = results;
  const phases: [string, Partial<Record<Contender, RunResult>>, string, Partial<Record<Contender, number>>][] = [
    ['start path', http.start, 'starts/s', http.hops.start],
    ['round trip', http.roundTrip, 'sign-ins/s', http.hops.roundTrip],
    ['signed-in GET /me', http.signedIn, 'requests/s', {}],
  ];
  for (const [label, comparison, unit, hops] of phases) {
    for (const [kind, r] of Object.entries(comparison) as [Contender, RunResult][]) {
      rows.push([label, NAMES[kind], `${num(r.perSec)} ${unit}`, ms(r.p50Ms), ms(r.p99Ms), num(r.cpuMsPerOp, 3), String(hops[kind] ?? 1), String(r.failures)]);
    }
  }
  return rows;
}

/** Express vs Fastify for the signed-in request (the issue asks by how much). */
function platformLine(results: AllResults): string {
  const s = results.http.signedIn;
  return (
    `Fastify vs Express, signed-in GET /me: ${times(ratio(s['nest-fastify']?.perSec, s['nest-adapter']?.perSec))} without the cache, ` +
    `${times(ratio(s['nest-fastify-cache']?.perSec, s['nest-cache']?.perSec))} with it; ` +
    `vs Passport: ${times(ratio(s['nest-fastify']?.perSec, s.passport?.perSec))} / ${times(ratio(s['nest-fastify-cache']?.perSec, s.passport?.perSec))}`
  );
}

/** The one printed report: goals first, then the measurements, then the details and profiles. */
export function renderReport(results: AllResults): string {
  return [
    `Machine: ${results.machine}`,
    `Date: ${results.date}`,
    `Settings: ${Object.entries(results.settings).map(([k, v]) => `${k}=${v}`).join(', ')}; module start: ${results.startMode}`,
    'Ratios compare contenders measured in the same run (medians of alternating rounds); CPU is the server process\'s own time per operation.',
    '',
    'Goals (issue #16):',
    markdownTable(['path', 'contender', 'measured (vs Passport unless named)', 'goal', 'verdict'], goalRows(results)),
    '',
    platformLine(results),
    '',
    'Measurements:',
    markdownTable(['phase', 'contender', 'throughput', 'p50 ms', 'p99 ms', 'CPU ms/op', 'requests/op', 'failures'], measurementRows(results)),
    '',
    ...detailLines(results),
  ].join('\n');
}
