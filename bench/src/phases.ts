import { startServer, type ServerHandle } from './child.js';
import { betterAuthInstalled } from './apps/contenders.js';
import type { Contender, ServerCounters } from './ipc.js';
import { runChain, type ChainSpec } from './load/chain.js';
import { signInRoundTripSpec, signInStartSpec } from './load/flows.js';
import { runSignedIn, seedSessions } from './load/signed-in.js';
import { medianRun, type RunResult } from './stats.js';

export interface BenchSettings {
  rounds: number;
  connections: number;
  startSeconds: number;
  tripSeconds: number;
  signedInSeconds: number;
  memoryStarts: number;
  profileSeconds: number;
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export type Comparison = Partial<Record<Contender, RunResult>>;
/** Every round's result per contender, in round order (round i of two contenders ran back to back). */
export type Rounds = Partial<Record<Contender, RunResult[]>>;

/** One contender's load for one slice: whatever it measures, the server's CPU is read around it. */
type Load = (server: ServerHandle) => Promise<RunResult>;

/**
 * Runs `load` and adds CPU time per completed operation: the app's process (the figure the goals
 * compare) and, apart, the contender's OP stub process.
 */
export async function withCpu(server: ServerHandle, load: Load): Promise<RunResult> {
  const [before, stubBefore] = await Promise.all([server.cpu(), server.stubCpu()]);
  const result = await load(server);
  const [after, stubAfter] = await Promise.all([server.cpu(), server.stubCpu()]);
  const perOp = (us: number) => (result.operations > 0 ? us / 1000 / result.operations : Number.NaN);
  return { ...result, cpuMsPerOp: perOp(after - before), stubCpuMsPerOp: perOp(stubAfter - stubBefore) };
}

/**
 * Runs every contender's load, `rounds` times, rotating the order each round so none always goes
 * first (or last) on a shared, noisy machine; returns each contender's medians.
 */
export async function alternate(servers: readonly ServerHandle[], load: Load, settings: BenchSettings, label: string): Promise<{ median: Comparison; rounds: Rounds }> {
  const runs = new Map<Contender, RunResult[]>(servers.map((s) => [s.kind, []]));
  for (let round = 0; round < settings.rounds; round += 1) {
    const order = servers.map((_, i) => servers[(i + round) % servers.length]).filter((s): s is ServerHandle => !!s);
    for (const server of order) {
      const result = await withCpu(server, load);
      runs.get(server.kind)?.push(result);
      log(
        `${label} round ${round + 1}/${settings.rounds} ${server.kind}: ${result.perSec.toFixed(0)}/s, ` +
          `app cpu ${result.cpuMsPerOp.toFixed(2)} ms/op (stub ${result.stubCpuMsPerOp.toFixed(2)}), p99 ${result.p99Ms.toFixed(1)} ms, failures ${result.failures}`,
      );
    }
  }
  const median: Comparison = {};
  for (const [kind, list] of runs) median[kind] = medianRun(list);
  return { median, rounds: Object.fromEntries(runs) };
}

export interface HttpResults {
  start: Comparison;
  roundTrip: Comparison;
  signedIn: Comparison;
  /** Per-round results, for ratios paired by round (robust when the machine's load drifts). */
  rounds: { start: Rounds; roundTrip: Rounds; signedIn: Rounds };
  /** Requests per chain, as probed on this branch (the module's start: 2 with the trampoline, 1 one-hop). */
  hops: { start: Partial<Record<Contender, number>>; roundTrip: Partial<Record<Contender, number>> };
  betterAuth: 'run' | 'not installed';
  countersAfterWarmup: Partial<Record<Contender, ServerCounters>>;
  countersAtEnd: Partial<Record<Contender, ServerCounters>>;
}

async function countersOf(servers: readonly ServerHandle[]): Promise<Partial<Record<Contender, ServerCounters>>> {
  const out: Partial<Record<Contender, ServerCounters>> = {};
  for (const server of servers) out[server.kind] = await server.counters();
  return out;
}

const START: Contender[] = ['bare', 'passport', 'nest-adapter', 'nest-cookie'];
const ROUND_TRIP: Contender[] = ['passport', 'nest-adapter', 'nest-cookie', 'better-auth'];
const SIGNED_IN: Contender[] = ['passport', 'nest-adapter', 'nest-cache', 'nest-fastify', 'nest-fastify-cache'];
/** Warm-up work per contender before any measured round. */
const WARM_UP = { starts: 1000, signIns: 300, requests: 2000 };
/** Browsers signed in per contender for the signed-in request (one per connection). */
const SIGNED_IN_SESSIONS = 16;

async function specsFor(servers: readonly ServerHandle[], spec: (server: ServerHandle) => Promise<ChainSpec>): Promise<Map<Contender, ChainSpec>> {
  const specs = new Map<Contender, ChainSpec>();
  for (const server of servers) specs.set(server.kind, await spec(server));
  return specs;
}

function chainLoad(specs: Map<Contender, ChainSpec>, connections: number, durationSec: number): Load {
  return (server) => {
    const spec = specs.get(server.kind);
    if (!spec) throw new Error(`no chain for ${server.kind}`);
    return runChain(server.baseUrl, spec, { connections, durationSec });
  };
}

const hopsOf = (specs: Map<Contender, ChainSpec>) => Object.fromEntries([...specs].map(([kind, spec]) => [kind, spec.hops]));

/** The three HTTP comparisons (start, round trip, signed-in request): one process per contender, all alive, driven in turn. */
export async function runHttpComparisons(settings: BenchSettings): Promise<HttpResults> {
  const withBetterAuth = betterAuthInstalled();
  const kinds = [...new Set([...START, ...ROUND_TRIP, ...SIGNED_IN])].filter((k) => withBetterAuth || k !== 'better-auth');
  const servers = await Promise.all(kinds.map((kind) => startServer(kind)));
  const pick = (list: Contender[]) => servers.filter((s) => list.includes(s.kind));
  try {
    const startSpecs = await specsFor(pick(START), (s) => signInStartSpec(s.baseUrl));
    const tripSpecs = await specsFor(pick(ROUND_TRIP), (s) => signInRoundTripSpec(s.baseUrl, s.kind));
    const jars = new Map<Contender, Record<string, string>[]>();
    for (const server of pick(SIGNED_IN)) jars.set(server.kind, await seedSessions(server.baseUrl, SIGNED_IN_SESSIONS));
    const signedInLoad: Load = (server) => runSignedIn(server.baseUrl, jars.get(server.kind) ?? [], { connections: settings.connections, durationSec: settings.signedInSeconds });

    // Warm-up by count, not by time: on a loaded machine a short slice leaves a contender's hot code
    // unoptimised (not yet JIT-compiled) and it would then pay for compilation inside its measured rounds.
    log('warm-up (JIT, discovery, keys)');
    const warm = (specs: Map<Contender, ChainSpec>, chains: number) => (server: ServerHandle) => {
      const spec = specs.get(server.kind);
      return spec ? runChain(server.baseUrl, spec, { connections: settings.connections, chains }) : Promise.resolve(null);
    };
    for (const server of pick(START)) await warm(startSpecs, WARM_UP.starts)(server);
    for (const server of pick(ROUND_TRIP)) await warm(tripSpecs, WARM_UP.signIns)(server);
    for (const server of pick(SIGNED_IN)) await runSignedIn(server.baseUrl, jars.get(server.kind) ?? [], { connections: settings.connections, requests: WARM_UP.requests });
    const countersAfterWarmup = await countersOf(servers);

    const start = await alternate(pick(START), chainLoad(startSpecs, settings.connections, settings.startSeconds), settings, 'start path');
    const roundTrip = await alternate(pick(ROUND_TRIP), chainLoad(tripSpecs, settings.connections, settings.tripSeconds), settings, 'round trip');
    const signedIn = await alternate(pick(SIGNED_IN), signedInLoad, settings, 'signed-in GET /me');
    return {
      start: start.median,
      roundTrip: roundTrip.median,
      signedIn: signedIn.median,
      rounds: { start: start.rounds, roundTrip: roundTrip.rounds, signedIn: signedIn.rounds },
      hops: { start: hopsOf(startSpecs), roundTrip: hopsOf(tripSpecs) },
      betterAuth: withBetterAuth ? 'run' : 'not installed',
      countersAfterWarmup,
      countersAtEnd: await countersOf(servers),
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}
