import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runChain } from './load/chain.js';
import { signInRoundTripSpec, signInStartSpec } from './load/flows.js';
import { runSignedIn, seedSessions } from './load/signed-in.js';
import { START_MODE } from './apps/nest-login.js';
import { log, runHttpComparisons, type BenchSettings } from './phases.js';
import { renderReport, type AllResults } from './report.js';
import { runMemory, runMicro, runProfile } from './solo-phases.js';

/** BENCH_QUICK=1: one round of short slices and 10k memory starts, for development (about 2 minutes). */
const QUICK = process.env['BENCH_QUICK'] === '1';

function setting(name: string, full: number, quick: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? (QUICK ? quick : full) : Number(raw);
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
    rounds: setting('BENCH_ROUNDS', 5, 1),
    connections: setting('BENCH_CONNECTIONS', 16, 16),
    startSeconds: setting('BENCH_START_SECONDS', 2.5, 2),
    tripSeconds: setting('BENCH_TRIP_SECONDS', 4, 3),
    signedInSeconds: setting('BENCH_SIGNED_IN_SECONDS', 2.5, 2),
    memoryStarts: setting('BENCH_MEMORY_STARTS', 50_000, 10_000),
    profileSeconds: setting('BENCH_PROFILE_SECONDS', 5, 2),
  };
  if (QUICK) process.env['BENCH_MICRO_MS'] ??= '500';
  const began = performance.now();
  log(`HTTP comparisons (module start: ${START_MODE})`);
  const http = await runHttpComparisons(settings);
  log('in-process comparisons');
  const micro = await runMicro(settings);
  log('memory');
  // Both strategies at once: memory readings do not depend on speed, and the second core is used.
  const memory = await Promise.all([runMemory('adapter', settings), runMemory('cookie', settings)]);
  log('profiles');
  const chain = (spec: typeof signInStartSpec) => async (server: { baseUrl: string }) => {
    const probed = await spec(server.baseUrl);
    return (durationSec: number) => runChain(server.baseUrl, probed, { connections: settings.connections, durationSec });
  };
  const signedIn = async (server: { baseUrl: string }) => {
    const jars = await seedSessions(server.baseUrl, 16);
    return (durationSec: number) => runSignedIn(server.baseUrl, jars, { connections: settings.connections, durationSec });
  };
  const profiles = [
    await runProfile('nest-adapter', 'sign-in round trips, adapter state', settings, chain((url) => signInRoundTripSpec(url, 'nest-adapter'))),
    await runProfile('nest-adapter', `whole start path (${START_MODE}), adapter state`, settings, chain(signInStartSpec)),
    await runProfile('nest-adapter', 'signed-in GET /me behind SessionGuard (Express, no cache)', settings, signedIn),
    await runProfile('nest-cache', 'signed-in GET /me behind SessionGuard (Express, session cache)', settings, signedIn),
  ];
  const cpu = cpus();
  const results: AllResults = {
    machine: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`,
    date: new Date().toISOString(),
    settings: { ...settings, quick: QUICK ? 1 : 0 },
    startMode: START_MODE,
    http,
    micro,
    memory,
    profiles,
  };
  const outDir = fileURLToPath(new URL('.', import.meta.url));
  mkdirSync(outDir, { recursive: true });
  // The raw results first: a run is minutes of work, and the report can be rendered again from them.
  writeFileSync(`${outDir}last-run.json`, JSON.stringify(results, null, 2));
  const report = renderReport(results);
  process.stdout.write(`${report}\n`);
  writeFileSync(`${outDir}last-run.txt`, `${report}\n`);
  log(`done in ${((performance.now() - began) / 1000).toFixed(0)} s; raw results in bench/dist/last-run.json`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
