import type { StubCounters } from './op-stub.js';

/**
 * One server process each. `nest-*` are this module (Express unless named `fastify`; `-cache` turns on
 * the signed session cache); `passport` is Passport + openid-client + express-session; `better-auth`
 * is Better Auth's generic OAuth plugin; `bare` is a fixed 302 (the ceiling).
 */
export type Contender =
  | 'bare'
  | 'passport'
  | 'nest-adapter'
  | 'nest-cookie'
  | 'nest-cache'
  | 'nest-fastify'
  | 'nest-fastify-cache'
  | 'better-auth';

export const CONTENDERS: readonly Contender[] = [
  'bare',
  'passport',
  'nest-adapter',
  'nest-cookie',
  'nest-cache',
  'nest-fastify',
  'nest-fastify-cache',
  'better-auth',
];

export interface MemorySample {
  rssMb: number;
  heapUsedMb: number;
}

/** Requests each contender's own OP stub saw (one stub per contender, so they count that contender's fetches). */
export interface ServerCounters {
  /** From the contender's OP stub (its own process). */
  stub: StubCounters;
}

export type ParentMessage = { type: 'counters' } | { type: 'measure' } | { type: 'mark' } | { type: 'cpu' } | { type: 'exit' };

export type ChildMessage =
  | { type: 'ready'; port: number }
  /** The OP stub process's reply: the requests it answered. */
  | { type: 'stubCounters'; counters: StubCounters }
  | { type: 'measure'; memory: MemorySample }
  /** The child's monotonic clock in µs: the time base of V8 .cpuprofile timestamps. */
  | { type: 'mark'; monotonicUs: number }
  /** CPU time (user + system, µs) the child has used so far: per-operation CPU comes from deltas. */
  | { type: 'cpu'; cpuUs: number }
  | { type: 'failed'; message: string };

export function isParentMessage(value: unknown): value is ParentMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export function isChildMessage(value: unknown): value is ChildMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Forces two full collections (the second reclaims what finalisers freed) and samples memory. */
export function measureMemory(): MemorySample {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const usage = process.memoryUsage();
  return { rssMb: usage.rss / 2 ** 20, heapUsedMb: usage.heapUsed / 2 ** 20 };
}
