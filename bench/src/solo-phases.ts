import { fork } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type ServerHandle } from './child.js';
import type { Contender, MemorySample } from './ipc.js';
import { runChain } from './load/chain.js';
import { signInStartSpec } from './load/flows.js';
import type { MicroResults } from './micro-child.js';
import { log, type BenchSettings } from './phases.js';
import { summariseProfile, type ProfileSummary } from './profile-summary.js';
import type { RunResult } from './stats.js';

/** The in-process comparisons (getAccessToken, ID-token validation, refresh single-flight, discovery TTL) in their own child. */
export function runMicro(settings: BenchSettings): Promise<MicroResults> {
  const script = fileURLToPath(new URL('./micro-child.js', import.meta.url));
  const child = fork(script, [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_ROUNDS: String(settings.rounds) },
  });
  return new Promise((resolve, reject) => {
    child.on('message', (message: unknown) => {
      const m = message as { type?: unknown; results?: MicroResults };
      if (m.type === 'micro' && m.results) resolve(m.results);
    });
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`micro benchmark child exited with ${code ?? 'a signal'}`));
    });
  });
}

export interface MemoryResult {
  strategy: 'adapter' | 'cookie';
  samples: { starts: number; memory: MemorySample }[];
  failures: number;
  startsPerSec: number;
}

/**
 * Resident memory of a fresh server (--expose-gc, collected before each reading) after 1,000 sign-in
 * starts and after `memoryStarts`. Adapter states go to a SQLite file, as in production, so stored
 * rows are not mistaken for a leak of the process.
 */
export async function runMemory(strategy: 'adapter' | 'cookie', settings: BenchSettings): Promise<MemoryResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-mem-'));
  const kind: Contender = strategy === 'adapter' ? 'nest-adapter' : 'nest-cookie';
  const server = await startServer(kind, { execArgv: ['--expose-gc'], databaseUrl: `sqlite:${join(dir, 'states.sqlite')}` });
  const samples: MemoryResult['samples'] = [];
  let done = 1; // the probe below is one start
  let failures = 0;
  let seconds = 0;
  try {
    const spec = await signInStartSpec(server.baseUrl);
    const checkpoints = [...new Set([1000, Math.round(settings.memoryStarts / 2), settings.memoryStarts])].filter((n) => n > done);
    for (const target of checkpoints) {
      const t0 = performance.now();
      const run = await runChain(server.baseUrl, spec, { connections: settings.connections, chains: target - done });
      if (target > 1000) seconds += (performance.now() - t0) / 1000;
      failures += run.failures;
      done = target;
      samples.push({ starts: target, memory: await server.measure() });
      log(`memory ${strategy}: ${target} starts, rss ${samples.at(-1)?.memory.rssMb.toFixed(1)} MB`);
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return { strategy, samples, failures, startsPerSec: (settings.memoryStarts - 1000) / Math.max(seconds, 1e-9) };
}

export interface ProfileResult {
  label: string;
  summary: ProfileSummary;
  operations: number;
}

/**
 * `node --cpu-prof` on a fresh server under one load, summarised over the load window only (the
 * child reports its monotonic clock, the profile's time base, before and after). `prepare` runs
 * before the warm-up (seeding sessions, probing the chain) and returns the load.
 */
export async function runProfile(
  kind: Contender,
  label: string,
  settings: BenchSettings,
  prepare: (server: ServerHandle) => Promise<(durationSec: number) => Promise<RunResult>>,
): Promise<ProfileResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-prof-'));
  try {
    const server = await startServer(kind, { execArgv: ['--cpu-prof', '--cpu-prof-dir', dir] });
    let operations = 0;
    let window = { fromUs: 0, toUs: 0 };
    try {
      const load = await prepare(server);
      await load(1);
      const fromUs = await server.mark();
      operations = (await load(settings.profileSeconds)).operations;
      window = { fromUs, toUs: await server.mark() };
    } finally {
      await server.stop();
    }
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('no .cpuprofile written');
    return { label, summary: summariseProfile(join(dir, file), window), operations };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
