import type { StubCounters } from './op-stub.js';

export type Contender = 'bare' | 'passport' | 'nest-adapter' | 'nest-cookie';

export interface MemorySample {
  rssMb: number;
  heapUsedMb: number;
}

export interface ServerCounters {
  stub: StubCounters;
  /** The module's own counters (ProviderStrategy); null for the other contenders. */
  moduleDiscoveryFetches: number | null;
  moduleJwksFetches: number | null;
}

export type ParentMessage = { type: 'counters' } | { type: 'measure' } | { type: 'mark' } | { type: 'exit' };

export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'counters'; counters: ServerCounters }
  | { type: 'measure'; memory: MemorySample }
  /** The child's monotonic clock in µs: the time base of V8 .cpuprofile timestamps. */
  | { type: 'mark'; monotonicUs: number }
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
