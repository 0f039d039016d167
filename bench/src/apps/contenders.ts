import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Contender, ModuleCounters } from '../ipc.js';
import { createBareApp } from './bare-app.js';
import { createNestBenchApp, strategyOf, type BenchPlatform } from './nest-app.js';
import { createPassportBenchApp } from './passport-app.js';
import { CLIENT_ID, CLIENT_SECRET, MODULE_SECRET, PROVIDER_ID, SCOPES, openSqlite } from './shared.js';

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface RunningContender {
  handler: Handler;
  moduleCounters(): ModuleCounters;
  close(): Promise<void>;
}

interface NestVariant {
  stateStrategy: 'adapter' | 'cookie';
  platform: BenchPlatform;
  sessionCache: boolean;
}

const NEST_VARIANTS: Partial<Record<Contender, NestVariant>> = {
  'nest-adapter': { stateStrategy: 'adapter', platform: 'express', sessionCache: false },
  'nest-cookie': { stateStrategy: 'cookie', platform: 'express', sessionCache: false },
  'nest-cache': { stateStrategy: 'adapter', platform: 'express', sessionCache: true },
  'nest-fastify': { stateStrategy: 'adapter', platform: 'fastify', sessionCache: false },
  'nest-fastify-cache': { stateStrategy: 'adapter', platform: 'fastify', sessionCache: true },
};

/** Better Auth lives in its own folder with its own node_modules (see bench/better-auth/package.json). */
const BETTER_AUTH_APP = fileURLToPath(new URL('../../better-auth/app.mjs', import.meta.url));
const BETTER_AUTH_INSTALLED = fileURLToPath(new URL('../../better-auth/node_modules/better-auth/package.json', import.meta.url));

export function betterAuthInstalled(): boolean {
  return existsSync(BETTER_AUTH_INSTALLED);
}

interface BetterAuthModule {
  createBetterAuthApp(options: Record<string, unknown>): Promise<Handler>;
}

const noModuleCounters = () => ({ moduleDiscoveryFetches: null, moduleJwksFetches: null });

/** Builds one contender's app (its own SQLite database) on `baseUrl`, with the OP stub at `issuer`. */
export async function createContender(kind: Contender, baseUrl: string, issuer: string, databaseUrl: string): Promise<RunningContender> {
  if (kind === 'bare') return { handler: createBareApp(issuer), moduleCounters: noModuleCounters, close: async () => {} };
  if (kind === 'better-auth') {
    const { createBetterAuthApp } = (await import(BETTER_AUTH_APP)) as BetterAuthModule;
    const handler = await createBetterAuthApp({
      baseUrl, issuer, providerId: PROVIDER_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: [...SCOPES], secret: MODULE_SECRET,
    });
    return { handler, moduleCounters: noModuleCounters, close: async () => {} };
  }
  const store = await openSqlite(databaseUrl);
  const variant = NEST_VARIANTS[kind];
  if (variant === undefined) {
    const handler = await createPassportBenchApp({ baseUrl, issuer, repository: store.repository });
    return { handler, moduleCounters: noModuleCounters, close: store.close };
  }
  const nest = await createNestBenchApp({ baseUrl, issuer, repository: store.repository, ...variant });
  const strategy = strategyOf(nest.client);
  return {
    handler: nest.handler,
    moduleCounters: () => ({ moduleDiscoveryFetches: strategy.discoveryFetches, moduleJwksFetches: strategy.jwksFetches }),
    close: async () => {
      await nest.app.close();
      await store.close();
    },
  };
}
