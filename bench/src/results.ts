import type { Contender } from './ipc.js';
import type { MicroResults } from './micro-child.js';
import type { HttpResults } from './phases.js';
import type { MemoryResult, ProfileResult } from './solo-phases.js';

export interface AllResults {
  machine: string;
  date: string;
  settings: Record<string, number>;
  startMode: string;
  http: HttpResults;
  micro: MicroResults;
  memory: MemoryResult[];
  profiles: ProfileResult[];
}

/** Heap growth allowed from 1,000 to N starts: about 100 bytes per start would already be a leak. */
export const HEAP_GROWTH_LIMIT_MB = 5;

export const NAMES: Record<Contender, string> = {
  bare: 'bare Express 302 (ceiling)',
  passport: 'Passport + openid-client + express-session',
  'nest-adapter': 'this module, Express, adapter state (SQLite)',
  'nest-cookie': 'this module, Express, cookie state',
  'nest-cache': 'this module, Express, session cache 60 s',
  'nest-fastify': 'this module, Fastify',
  'nest-fastify-cache': 'this module, Fastify, session cache 60 s',
  'better-auth': 'Better Auth + generic OAuth plugin',
};

