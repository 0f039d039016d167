import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isChildMessage, type ChildMessage, type Contender, type MemorySample, type ServerCounters } from './ipc.js';
import { STUB_PREFIX } from './op-stub.js';

export interface ServerHandle {
  kind: Contender;
  baseUrl: string;
  counters(): Promise<ServerCounters>;
  measure(): Promise<MemorySample>;
  /** The child's monotonic time (µs), to cut a --cpu-prof profile down to a load window. */
  mark(): Promise<number>;
  /** CPU time (µs) the app's process has used so far (the app alone: the OP stub is a process of its own). */
  cpu(): Promise<number>;
  /** CPU time (µs) the contender's OP stub process has used so far. */
  stubCpu(): Promise<number>;
  stop(): Promise<void>;
}

const SERVER_SCRIPT = fileURLToPath(new URL('./server-child.js', import.meta.url));
const STUB_SCRIPT = fileURLToPath(new URL('./stub-child.js', import.meta.url));

function nextMessage<T extends ChildMessage['type']>(child: ChildProcess, type: T): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!isChildMessage(message)) return;
      if (message.type === 'failed') {
        cleanup();
        reject(new Error(`bench child failed: ${message.message}`));
      } else if (message.type === type) {
        cleanup();
        resolve(message as Extract<ChildMessage, { type: T }>);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`bench child exited (${code ?? 'signal'}) while waiting for "${type}"`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Sends `request` and waits for the reply of type `type`. */
async function ask<T extends ChildMessage['type']>(child: ChildProcess, request: { type: string }, type: T): Promise<Extract<ChildMessage, { type: T }>> {
  const reply = nextMessage(child, type);
  child.send(request);
  return reply;
}

export interface StartOptions {
  execArgv?: string[];
  databaseUrl?: string;
}

interface Forked {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

async function forkChild(script: string, args: string[], execArgv: string[]): Promise<Forked> {
  const child = fork(script, args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await nextMessage(child, 'ready');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    port: ready.port,
    stop: async () => {
      if (child.exitCode === null) child.send({ type: 'exit' });
      await exited;
    },
  };
}

/**
 * Forks one contender's OP stub (stub-child.ts) and then the contender's server (server-child.ts)
 * pointed at it, and waits until both listen. `execArgv` (--cpu-prof, --expose-gc) is the app's.
 */
export async function startServer(kind: Contender, options: StartOptions = {}): Promise<ServerHandle> {
  const stub = await forkChild(STUB_SCRIPT, [], []);
  const issuer = `http://127.0.0.1:${stub.port}${STUB_PREFIX}`;
  const app = await forkChild(SERVER_SCRIPT, options.databaseUrl ? [kind, issuer, options.databaseUrl] : [kind, issuer], options.execArgv ?? []).catch(async (error: unknown) => {
    await stub.stop();
    throw error;
  });
  return {
    kind,
    baseUrl: `http://127.0.0.1:${app.port}`,
    counters: async () => {
      // The module keeps no counters: each contender's requests are counted by its own OP stub.
      return { stub: (await ask(stub.child, { type: 'counters' }, 'stubCounters')).counters };
    },
    measure: async () => (await ask(app.child, { type: 'measure' }, 'measure')).memory,
    mark: async () => (await ask(app.child, { type: 'mark' }, 'mark')).monotonicUs,
    cpu: async () => (await ask(app.child, { type: 'cpu' }, 'cpu')).cpuUs,
    stubCpu: async () => (await ask(stub.child, { type: 'cpu' }, 'cpu')).cpuUs,
    stop: async () => {
      await app.stop();
      await stub.stop();
    },
  };
}
