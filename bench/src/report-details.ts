import { NAMES, type AllResults } from './results.js';
import { markdownTable, ms, num, ratio, times, yes } from './report-table.js';
import type { ProfileResult } from './solo-phases.js';

/** The goals of the earlier performance issue, kept as regression checks. */
function earlierGoalRows(results: AllResults): string[][] {
  const { accessToken, idToken, refresh } = results.micro;
  const at = ratio(accessToken.module.perSec, accessToken.raw.perSec);
  const id = ratio(idToken.module.perSec, idToken.jose.perSec);
  return [
    ['getAccessToken (valid, encrypted) vs the raw repository read', `${num(accessToken.module.perSec)} vs ${num(accessToken.raw.perSec)} calls/s = ${times(at)}`, '≥ 0.67×', yes(at >= 0.67)],
    ['ID-token validation vs jose.jwtVerify (local keys)', `${num(idToken.module.perSec)} vs ${num(idToken.jose.perSec)}/s = ${times(id)}; ${num(idToken.jwksFetchesPer1000, 2)} JWKS fetches/1000`, '≥ 0.8×; 0 fetches', yes(id >= 0.8 && idToken.jwksFetchesPer1000 === 0)],
    ['100 concurrent getAccessToken, expiring token', `${refresh.refreshRequests} refresh request(s), ${refresh.distinctTokens} distinct token(s), ${ms(refresh.elapsedMs)} ms`, 'exactly 1 refresh', yes(refresh.refreshRequests === 1 && refresh.distinctTokens === 1)],
  ];
}

function memoryLines(results: AllResults): string[] {
  return results.memory.map(
    (m) =>
      `  ${m.strategy} state (${num(m.startsPerSec)} starts/s): ` +
      m.samples.map((s) => `${s.starts / 1000}k rss ${num(s.memory.rssMb, 1)} / heap ${num(s.memory.heapUsedMb, 1)} MB`).join('; '),
  );
}

function cachingLines(results: AllResults): string[] {
  const lines: string[] = ['Discovery and JWKS requests seen by each contender\'s OP stub (after warm-up → after all load):'];
  for (const [kind, b] of Object.entries(results.http.countersAtEnd)) {
    const a = results.http.countersAfterWarmup[kind as keyof typeof NAMES];
    if (!a || kind === 'bare') continue;
    lines.push(`  ${NAMES[kind as keyof typeof NAMES]}: discovery ${a.stub.discovery} → ${b.stub.discovery}, jwks ${a.stub.jwks} → ${b.stub.jwks}, token requests ${b.stub.token}`);
  }
  const d = results.micro.discovery;
  lines.push(`  module, in-process: cold start ${d.afterColdStart} discovery request; after all in-process work ${d.afterAllWork}; clock moved past the 1 h TTL: ${d.afterTtl}, asked again: ${d.afterTtlTwice}`);
  return lines;
}

function profileLines(profile: ProfileResult): string[] {
  const { summary, operations, label } = profile;
  return [
    `Profile: ${label} (node --cpu-prof, ${operations} operations in the window; the app process only, the OP stub runs in its own):`,
    `  busy ${num(summary.busyMs)} ms = ${num((summary.busyMs * 1000) / Math.max(1, operations), 0)} µs/op, of which GC ${num(summary.gcPercent, 1)}%`,
    '  self time by area:',
    ...summary.areas.slice(0, 10).map((a) => `    ${num(a.percent, 1).padStart(5)}%  ${a.area}`),
    '  top functions by self time:',
    ...summary.topFunctions.map((f) => `    ${num(f.percent, 1).padStart(5)}%  ${f.name}  [${f.area}]`),
  ];
}

/** A benchmark of error pages proves nothing: every failed chain, request or call is reported. */
function failureLine(results: AllResults): string {
  const counts: string[] = [];
  for (const [label, comparison] of [['start', results.http.start], ['trip', results.http.roundTrip], ['me', results.http.signedIn]] as const) {
    for (const [kind, r] of Object.entries(comparison)) counts.push(`${label} ${kind} ${r.failures}`);
  }
  const { accessToken, idToken } = results.micro;
  counts.push(`getAccessToken ${accessToken.module.failures + accessToken.raw.failures}`, `id-token ${idToken.module.failures + idToken.jose.failures}`);
  for (const m of results.memory) counts.push(`memory ${m.strategy} ${m.failures}`);
  return `Failed chains / requests / calls (must all be 0): ${counts.join(', ')}`;
}

/** Everything after the goal and measurement tables. */
export function detailLines(results: AllResults): string[] {
  return [
    failureLine(results),
    '',
    'Earlier goals (regression checks, in-process):',
    markdownTable(['what', 'measured', 'goal', 'verdict'], earlierGoalRows(results)),
    '',
    'Memory after GC (RSS / heapUsed):',
    ...memoryLines(results),
    '',
    ...cachingLines(results),
    ...results.profiles.flatMap((p) => ['', ...profileLines(p)]),
  ];
}
