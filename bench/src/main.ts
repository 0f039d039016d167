import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { signinRoundTripSpec, signinStartSpec } from './load/flows.js';
import { log, runHttpComparisons, runMemory, runMicro, runProfile, type BenchSettings } from './phases.js';
import { renderReport, type AllResults } from './report.js';

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

/**
 * `npm run bench`: every comparison of the performance issue on 127.0.0.1, contenders alternated
 * over several rounds, medians reported in one table. Environment overrides (BENCH_ROUNDS, …) exist
 * for quick local runs; the recorded results use the defaults.
 */
async function main(): Promise<void> {
  const settings: BenchSettings = {
    rounds: setting('BENCH_ROUNDS', 3),
    connections: setting('BENCH_CONNECTIONS', 16),
    startSeconds: setting('BENCH_START_SECONDS', 4),
    tripSeconds: setting('BENCH_TRIP_SECONDS', 5),
    memoryStarts: setting('BENCH_MEMORY_STARTS', 50_000),
    profileSeconds: setting('BENCH_PROFILE_SECONDS', 5),
  };
  const began = performance.now();
  log('#1/#2 HTTP comparisons');
  const http = await runHttpComparisons(settings);
  log('#3/#4/#5 in-process comparisons');
  const micro = await runMicro(settings);
  log('#6 memory');
  // Both strategies at once: memory readings do not depend on speed, and the second core is used.
  const memory = await Promise.all([runMemory('adapter', settings), runMemory('cookie', settings)]);
  log('profiles');
  const profiles = [
    await runProfile('nest-adapter', signinRoundTripSpec('nest-adapter'), 'callback hot path: sign-in round trips, adapter state', settings),
    await runProfile('nest-adapter', signinStartSpec('nest-adapter'), 'sign-in start (login route + start trampoline), adapter state', settings),
  ];
  const cpu = cpus();
  const results: AllResults = {
    machine: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`,
    date: new Date().toISOString(),
    settings: { ...settings },
    http,
    micro,
    memory,
    profiles,
  };
  const report = renderReport(results);
  process.stdout.write(`${report}\n`);
  const outDir = fileURLToPath(new URL('.', import.meta.url));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(`${outDir}last-run.json`, JSON.stringify(results, null, 2));
  writeFileSync(`${outDir}last-run.txt`, `${report}\n`);
  log(`done in ${((performance.now() - began) / 1000).toFixed(0)} s; raw results in bench/dist/last-run.json`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
