import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import type { Clock } from '@belgie/nestjs-oauth';
import { createNestBenchApp, strategyOf } from './apps/nest-app.js';
import { CLIENT_ID, openSqlite, PROVIDER_ID } from './apps/shared.js';
import { OpStub, STUB_PREFIX } from './op-stub.js';
import { signInOnce } from './signin-client.js';
import { medianRun, timeSequential, type RunResult } from './stats.js';

export interface MicroResults {
  accessToken: { module: RunResult; raw: RunResult; storedEncrypted: boolean };
  idToken: { module: RunResult; jose: RunResult; jwksFetchesPer1000: number; validations: number };
  refresh: { callers: number; refreshRequests: number; distinctTokens: number; elapsedMs: number };
  discovery: { afterColdStart: number; afterAllWork: number; afterTtl: number; afterTtlTwice: number };
}

/** Real time plus an offset the benchmark can move (to step past cache TTLs). */
class OffsetClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SLICE_MS = Number(process.env['BENCH_MICRO_MS'] ?? 1500);
const DISCOVERY_TTL_MS = 60 * 60 * 1000;

/** Alternates two contenders for ROUNDS rounds (order swapped each round) and takes medians. */
async function compare(a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[RunResult, RunResult]> {
  const runsA: RunResult[] = [];
  const runsB: RunResult[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    if (round % 2 === 0) {
      runsA.push(await timeSequential(a, SLICE_MS));
      runsB.push(await timeSequential(b, SLICE_MS));
    } else {
      runsB.push(await timeSequential(b, SLICE_MS));
      runsA.push(await timeSequential(a, SLICE_MS));
    }
  }
  return [medianRun(runsA), medianRun(runsB)];
}

async function main(): Promise<MicroResults> {
  let stub: OpStub | null = null;
  let handler: ((request: IncomingMessage, response: ServerResponse) => void) | null = null;
  const server = createServer((request, response) => {
    if (stub !== null && request.url?.startsWith(`${STUB_PREFIX}/`)) stub.handle(request, response);
    else if (handler !== null) handler(request, response);
    else response.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const op = new OpStub(baseUrl);
  stub = op;
  const clock = new OffsetClock();
  const store = await openSqlite('sqlite::memory:');
  const nest = await createNestBenchApp({
    baseUrl,
    issuer: op.issuer,
    repository: store.repository,
    stateStrategy: 'adapter',
    encryptTokens: true,
    clock,
  });
  handler = nest.handler;
  const { client } = nest;
  const strategy = strategyOf(client);

  // Seed: one real sign-in through HTTP gives an account with a valid, encrypted access token.
  await signInOnce(baseUrl);
  const afterColdStart = op.counters.discovery;
  const sub = op.lastSubject ?? '';
  const account = await store.repository.findAccount(PROVIDER_ID, sub);
  if (account === null) throw new Error('seed sign-in wrote no account');
  const individualId = account.individualId;
  const plain = await client.getAccessToken(individualId);
  const storedEncrypted = account.accessToken !== null && account.accessToken !== plain && plain.startsWith('at');

  // 3: getAccessToken (read + decrypt + expiry check) against the repository read it performs.
  const [tokenModule, tokenRaw] = await compare(
    () => client.getAccessToken(individualId),
    () => store.repository.listAccounts(individualId, PROVIDER_ID),
  );

  // 4: ID-token validation against jose.jwtVerify with a local key set (the floor).
  const nonce = 'bench-nonce';
  const idToken = op.mintIdToken({ sub, aud: CLIENT_ID, nonce });
  const localKeys = createLocalJWKSet(op.jwks() as unknown as JSONWebKeySet);
  const validateModule = () => strategy.validateIdToken(idToken, { nonce, requireNonceClaim: false, accessToken: null });
  const validateJose = () => jwtVerify(idToken, localKeys, { issuer: op.issuer, audience: CLIENT_ID, algorithms: ['ES256'] });
  for (let i = 0; i < 500; i += 1) await validateModule(); // warm-up (keys fetched at sign-in already)
  const jwksBefore = op.counters.jwks;
  const [idModule, idJose] = await compare(validateModule, validateJose);
  const validations = idModule.operations;
  const jwksFetchesPer1000 = ((op.counters.jwks - jwksBefore) * 1000) / Math.max(1, validations);

  // 5: 100 concurrent getAccessToken on an expiring token: exactly one refresh must reach the provider.
  op.accessTokenTtlSec = 10; // inside the module's 30 s refresh-ahead window
  await signInOnce(baseUrl);
  const expiring = await store.repository.findAccount(PROVIDER_ID, op.lastSubject ?? '');
  if (expiring === null) throw new Error('second seed sign-in wrote no account');
  const refreshBefore = op.counters.refresh;
  const t0 = performance.now();
  const tokens = await Promise.all(Array.from({ length: 100 }, () => client.getAccessToken(expiring.individualId)));
  const elapsedMs = performance.now() - t0;
  const refresh = { callers: 100, refreshRequests: op.counters.refresh - refreshBefore, distinctTokens: new Set(tokens).size, elapsedMs };

  // Discovery: one request at cold start, none during all the work above, one more once the TTL passed.
  const afterAllWork = op.counters.discovery;
  clock.offsetMs = DISCOVERY_TTL_MS + 1000;
  await strategy.metadata();
  const afterTtl = op.counters.discovery;
  await strategy.metadata();
  const afterTtlTwice = op.counters.discovery;

  await nest.app.close();
  await store.close();
  server.closeAllConnections();
  server.close();
  return {
    accessToken: { module: tokenModule, raw: tokenRaw, storedEncrypted },
    idToken: { module: idModule, jose: idJose, jwksFetchesPer1000, validations },
    refresh,
    discovery: { afterColdStart, afterAllWork, afterTtl, afterTtlTwice },
  };
}

main().then(
  (results) => {
    process.send?.({ type: 'micro', results }, () => process.exit(0));
  },
  (error: unknown) => {
    console.error('[bench micro]', error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
