import { fork } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type ServerHandle } from './child.js';
import type { Contender, MemorySample, ServerCounters } from './ipc.js';
import { runChain, type ChainSpec } from './load/chain.js';
import { signinRoundTripSpec, signinStartSpec } from './load/flows.js';
import type { MicroResults } from './micro-child.js';
import { summariseProfile, type ProfileSummary } from './profile-summary.js';
import { medianRun, type RunResult } from './stats.js';

export interface BenchSettings {
  rounds: number;
  connections: number;
  startSeconds: number;
  tripSeconds: number;
  memoryStarts: number;
  profileSeconds: number;
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export type Comparison = Partial<Record<Contender, RunResult>>;

/**
 * Runs every contender for `seconds`, `rounds` times, rotating the order each round so none always
 * goes first (or last) on a shared, noisy machine; returns each contender's medians.
 */
export async function alternate(
  servers: readonly ServerHandle[],
  spec: (kind: Contender) => ChainSpec,
  seconds: number,
  settings: BenchSettings,
  label: string,
): Promise<Comparison> {
  const runs = new Map<Contender, RunResult[]>(servers.map((s) => [s.kind, []]));
  for (let round = 0; round < settings.rounds; round += 1) {
    const order = servers.map((_, i) => servers[(i + round) % servers.length]).filter((s): s is ServerHandle => !!s);
    for (const server of order) {
      const result = await runChain(server.baseUrl, spec(server.kind), { connections: settings.connections, durationSec: seconds });
      runs.get(server.kind)?.push(result);
      log(`${label} round ${round + 1}/${settings.rounds} ${server.kind}: ${result.perSec.toFixed(0)}/s, p99 ${result.p99Ms.toFixed(1)} ms, failures ${result.failures}`);
    }
  }
  const out: Comparison = {};
  for (const [kind, list] of runs) out[kind] = medianRun(list);
  return out;
}

export interface HttpResults {
  start: Comparison;
  roundTrip: Comparison;
  countersAfterWarmup: Partial<Record<Contender, ServerCounters>>;
  countersAtEnd: Partial<Record<Contender, ServerCounters>>;
}

async function countersOf(servers: readonly ServerHandle[]): Promise<Partial<Record<Contender, ServerCounters>>> {
  const out: Partial<Record<Contender, ServerCounters>> = {};
  for (const server of servers) out[server.kind] = await server.counters();
  return out;
}

/** Benchmarks 1 and 2: one server process per contender, all alive, driven in turn. */
export async function runHttpComparisons(settings: BenchSettings): Promise<HttpResults> {
  const kinds: Contender[] = ['bare', 'passport', 'nest-adapter', 'nest-cookie'];
  const servers = await Promise.all(kinds.map((kind) => startServer(kind)));
  try {
    log('warm-up (JIT, discovery, keys)');
    for (const server of servers) {
      await runChain(server.baseUrl, signinStartSpec(server.kind), { connections: settings.connections, durationSec: 1.5 });
      if (server.kind !== 'bare') {
        await runChain(server.baseUrl, signinRoundTripSpec(server.kind), { connections: settings.connections, durationSec: 1.5 });
      }
    }
    const countersAfterWarmup = await countersOf(servers);
    const start = await alternate(servers, signinStartSpec, settings.startSeconds, settings, '#1 start');
    const tripServers = servers.filter((s) => s.kind !== 'bare');
    const roundTrip = await alternate(tripServers, signinRoundTripSpec, settings.tripSeconds, settings, '#2 round trip');
    return { start, roundTrip, countersAfterWarmup, countersAtEnd: await countersOf(servers) };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

/** Benchmarks 3, 4, 5 and the discovery TTL check run in-process in their own child. */
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
 * Benchmark 6: resident memory of a fresh server (--expose-gc, collected before each reading) after
 * 1,000 sign-in starts and after `memoryStarts`. Adapter states go to a SQLite file, as in
 * production, so stored rows are not mistaken for a leak of the process.
 */
export async function runMemory(strategy: 'adapter' | 'cookie', settings: BenchSettings): Promise<MemoryResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-mem-'));
  const kind: Contender = strategy === 'adapter' ? 'nest-adapter' : 'nest-cookie';
  const server = await startServer(kind, { execArgv: ['--expose-gc'], databaseUrl: `sqlite:${join(dir, 'states.sqlite')}` });
  const samples: MemoryResult['samples'] = [];
  let done = 0;
  let failures = 0;
  let seconds = 0;
  try {
    const checkpoints = [1000, Math.round(settings.memoryStarts / 2), settings.memoryStarts];
    for (const target of checkpoints) {
      const t0 = performance.now();
      const run = await runChain(server.baseUrl, signinStartSpec(kind), { connections: settings.connections, chains: target - done });
      if (target > 1000) seconds += (performance.now() - t0) / 1000;
      failures += run.failures;
      done = target;
      samples.push({ starts: target, memory: await server.measure() });
      log(`#6 memory ${strategy}: ${target} starts, rss ${samples.at(-1)?.memory.rssMb.toFixed(1)} MB`);
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
 * child reports its monotonic clock, the profile's time base, before and after).
 */
export async function runProfile(kind: Contender, spec: ChainSpec, label: string, settings: BenchSettings): Promise<ProfileResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-prof-'));
  try {
    const server = await startServer(kind, { execArgv: ['--cpu-prof', '--cpu-prof-dir', dir] });
    let operations = 0;
    let window = { fromUs: 0, toUs: 0 };
    try {
      await runChain(server.baseUrl, spec, { connections: settings.connections, durationSec: 1 });
      const fromUs = await server.mark();
      const run = await runChain(server.baseUrl, spec, { connections: settings.connections, durationSec: settings.profileSeconds });
      operations = run.operations;
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
