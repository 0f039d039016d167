/** Nearest-rank percentile of an ascending array (p in 0..100); NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export function ascending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** One measured run of one contender. */
export interface RunResult {
  /** Operations per second (requests, sign-in chains or calls, depending on the row). */
  perSec: number;
  p50Ms: number;
  p99Ms: number;
  operations: number;
  failures: number;
  /** The app's CPU time (user + system) per operation, from its process's own counter; NaN when not measured. */
  cpuMsPerOp: number;
  /** The contender's OP stub process's CPU time per operation (measured apart, never in cpuMsPerOp); NaN when not measured. */
  stubCpuMsPerOp: number;
}

/** One load run's result from the latencies of its completed operations (CPU is added by the caller). */
export function loadResult(latencies: readonly number[], seconds: number, failures: number): RunResult {
  const sorted = ascending(latencies);
  return {
    perSec: latencies.length / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    operations: latencies.length,
    failures,
    cpuMsPerOp: Number.NaN,
    stubCpuMsPerOp: Number.NaN,
  };
}

/** Medians over rounds, each statistic taken separately. */
export function medianRun(runs: readonly RunResult[]): RunResult {
  return {
    perSec: median(runs.map((r) => r.perSec)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    operations: runs.reduce((sum, r) => sum + r.operations, 0),
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
    cpuMsPerOp: median(runs.map((r) => r.cpuMsPerOp).filter((v) => Number.isFinite(v))),
    stubCpuMsPerOp: median(runs.map((r) => r.stubCpuMsPerOp).filter((v) => Number.isFinite(v))),
  };
}

/**
 * Runs `operation` back to back (one at a time) for `durationMs` and times every call: the
 * throughput of a sequential caller, with per-call latency.
 */
export async function timeSequential(operation: () => Promise<unknown>, durationMs: number): Promise<RunResult> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  let now = started;
  while (now < deadline) {
    const before = now;
    try {
      await operation();
    } catch {
      failures += 1;
    }
    now = performance.now();
    latencies.push(now - before);
  }
  const seconds = (now - started) / 1000;
  // Every call is timed, but only the ones that succeeded count towards the rate.
  return { ...loadResult(latencies, seconds, failures), perSec: (latencies.length - failures) / seconds };
}
