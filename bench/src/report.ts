import type { Contender } from './ipc.js';
import { detailLines } from './report-details.js';
import { markdownTable, ms, num, ratio, times, yes } from './report-table.js';
import type { Rounds } from './phases.js';
import { HEAP_GROWTH_LIMIT_MB, NAMES, type AllResults } from './results.js';
import { median, type RunResult } from './stats.js';

export type { AllResults } from './results.js';

const MODULE_FLOWS = ['nest-adapter', 'nest-cookie'] as const;

interface Paired {
  median: number;
  min: number;
  max: number;
}

/**
 * `a`'s metric over `b`'s, paired by round (both ran within the same round, seconds apart), then the
 * median and range over rounds: steadier than a ratio of medians when other jobs load the machine.
 */
function paired(rounds: Rounds, a: Contender, b: Contender, metric: 'perSec' | 'cpuMsPerOp'): Paired {
  const bs = rounds[b] ?? [];
  const ratios = (rounds[a] ?? []).map((r, i) => ratio(r[metric], bs[i]?.[metric])).filter((v) => Number.isFinite(v));
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

const shown = (p: Paired) => `${times(p.median)} (${num(p.min, 2)}–${num(p.max, 2)})`;

/** The goal rows of issue #16, each with its measured ratio and a met / not-met verdict. */
function goalRows(results: AllResults): string[][] {
  const { start, roundTrip, signedIn } = results.http.rounds;
  const rows: string[][] = [];
  for (const kind of MODULE_FLOWS) {
    const [rate, cpu] = [paired(start, kind, 'passport', 'perSec'), paired(start, kind, 'passport', 'cpuMsPerOp')];
    rows.push(['whole start path, login route → provider', NAMES[kind], `rate ${shown(rate)}, CPU/start ${shown(cpu)}`, '≥ 1.0× rate, ≤ 1.0× CPU', yes(rate.median >= 1 && cpu.median <= 1)]);
  }
  for (const kind of MODULE_FLOWS) {
    const [rate, cpu] = [paired(roundTrip, kind, 'passport', 'perSec'), paired(roundTrip, kind, 'passport', 'cpuMsPerOp')];
    rows.push(['full sign-in round trip', NAMES[kind], `rate ${shown(rate)}, CPU/sign-in ${shown(cpu)}`, '≥ 1.2× rate, ≤ 0.8× CPU', yes(rate.median >= 1.2 && cpu.median <= 0.8)]);
  }
  const plain = paired(signedIn, 'nest-adapter', 'passport', 'perSec');
  rows.push(['signed-in GET /me behind SessionGuard', NAMES['nest-adapter'], `rate ${shown(plain)}, CPU ${shown(paired(signedIn, 'nest-adapter', 'passport', 'cpuMsPerOp'))}`, '≥ 1.0× Passport', yes(plain.median >= 1)]);
  const cached = paired(signedIn, 'nest-cache', 'passport', 'perSec');
  rows.push(['the same with the signed session cache', NAMES['nest-cache'], `rate ${shown(cached)}, CPU ${shown(paired(signedIn, 'nest-cache', 'passport', 'cpuMsPerOp'))}`, '≥ 1.5× Passport', yes(cached.median >= 1.5)]);
  for (const kind of MODULE_FLOWS) {
    const ran = roundTrip['better-auth'] !== undefined;
    const [rate, cpu] = [paired(roundTrip, kind, 'better-auth', 'perSec'), paired(roundTrip, kind, 'better-auth', 'cpuMsPerOp')];
    rows.push(['round trip vs Better Auth', NAMES[kind], ran ? `rate ${shown(rate)}, CPU/sign-in ${shown(cpu)} of Better Auth's` : 'not run (npm ci --prefix bench/better-auth)', 'ahead (> 1.0× rate)', ran ? yes(rate.median > 1) : 'n/a']);
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
      rows.push([label, NAMES[kind], `${num(r.perSec)} ${unit}`, ms(r.p50Ms), ms(r.p99Ms), num(r.cpuMsPerOp, 3), num(r.stubCpuMsPerOp, 3), String(hops[kind] ?? 1), String(r.failures)]);
    }
  }
  return rows;
}

/** Express vs Fastify for the signed-in request (the issue asks by how much). */
function platformLine(results: AllResults): string {
  const s = results.http.rounds.signedIn;
  const rate = (a: Contender, b: Contender) => shown(paired(s, a, b, 'perSec'));
  return (
    `Fastify vs Express, signed-in GET /me (rate, paired by round): ${rate('nest-fastify', 'nest-adapter')} without the cache, ` +
    `${rate('nest-fastify-cache', 'nest-cache')} with it; vs Passport: ${rate('nest-fastify', 'passport')} / ${rate('nest-fastify-cache', 'passport')}`
  );
}

/** The one printed report: goals first, then the measurements, then the details and profiles. */
export function renderReport(results: AllResults): string {
  return [
    `Machine: ${results.machine}`,
    `Date: ${results.date}`,
    `Settings: ${Object.entries(results.settings).map(([k, v]) => `${k}=${v}`).join(', ')}; module start: ${results.startMode}`,
    'Ratios pair contenders round by round in this run (median, and the range over rounds in brackets); CPU is the app process\'s own time per operation (the OP stub runs in a process of its own; its CPU is shown apart and is in no ratio).',
    '',
    'Goals (issue #16):',
    markdownTable(['path', 'contender', 'measured (vs Passport unless named)', 'goal', 'verdict'], goalRows(results)),
    '',
    platformLine(results),
    '',
    'Measurements:',
    markdownTable(['phase', 'contender', 'throughput', 'p50 ms', 'p99 ms', 'app CPU ms/op', 'OP stub CPU ms/op', 'requests/op', 'failures'], measurementRows(results)),
    '',
    ...detailLines(results),
  ].join('\n');
}
