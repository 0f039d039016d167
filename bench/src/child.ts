import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isChildMessage, type ChildMessage, type Contender, type MemorySample, type ServerCounters } from './ipc.js';

export interface ServerHandle {
  kind: Contender;
  baseUrl: string;
  counters(): Promise<ServerCounters>;
  measure(): Promise<MemorySample>;
  /** The child's monotonic time (µs), to cut a --cpu-prof profile down to a load window. */
  mark(): Promise<number>;
  /** CPU time (µs) the child process has used so far. */
  cpu(): Promise<number>;
  stop(): Promise<void>;
}

const SERVER_SCRIPT = fileURLToPath(new URL('./server-child.js', import.meta.url));

function nextMessage<T extends ChildMessage['type']>(child: ChildProcess, type: T): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!isChildMessage(message)) return;
      if (message.type === 'failed') {
        cleanup();
        reject(new Error(`server child failed: ${message.message}`));
      } else if (message.type === type) {
        cleanup();
        resolve(message as Extract<ChildMessage, { type: T }>);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`server child exited (${code ?? 'signal'}) while waiting for "${type}"`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

export interface StartOptions {
  execArgv?: string[];
  databaseUrl?: string;
}

/** Forks one contender server (see server-child.ts) and waits until it listens. */
export async function startServer(kind: Contender, options: StartOptions = {}): Promise<ServerHandle> {
  const args = options.databaseUrl ? [kind, options.databaseUrl] : [kind];
  const child = fork(SERVER_SCRIPT, args, { execArgv: options.execArgv ?? [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await nextMessage(child, 'ready');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    kind,
    baseUrl: `http://127.0.0.1:${ready.port}`,
    counters: async () => {
      const reply = nextMessage(child, 'counters');
      child.send({ type: 'counters' });
      return (await reply).counters;
    },
    measure: async () => {
      const reply = nextMessage(child, 'measure');
      child.send({ type: 'measure' });
      return (await reply).memory;
    },
    mark: async () => {
      const reply = nextMessage(child, 'mark');
      child.send({ type: 'mark' });
      return (await reply).monotonicUs;
    },
    cpu: async () => {
      const reply = nextMessage(child, 'cpu');
      child.send({ type: 'cpu' });
      return (await reply).cpuUs;
    },
    stop: async () => {
      if (child.exitCode === null) child.send({ type: 'exit' });
      await exited;
    },
  };
}
