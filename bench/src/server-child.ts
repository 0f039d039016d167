import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createContender, type Handler, type RunningContender } from './apps/contenders.js';
import { CONTENDERS, isParentMessage, measureMemory, type ChildMessage } from './ipc.js';

function send(message: ChildMessage): void {
  process.send?.(message);
}

/**
 * One contender per process, nothing else in it: its OP stub runs in a process of its own
 * (stub-child.ts, issuer passed in), so this process's CPU is the app's own. Steered over IPC.
 */
async function main(): Promise<void> {
  const kind = CONTENDERS.find((c) => c === process.argv[2]);
  if (!kind) throw new Error(`unknown contender ${process.argv[2] ?? '(none)'}`);
  const issuer = process.argv[3];
  if (!issuer) throw new Error('no OP stub issuer given');
  const databaseUrl = process.argv[4] ?? 'sqlite::memory:';

  let appHandler: Handler | null = null;
  const server = createServer((request, response) => {
    if (appHandler !== null) appHandler(request, response);
    else response.writeHead(503).end();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const contender: RunningContender = await createContender(kind, baseUrl, issuer, databaseUrl);
  appHandler = contender.handler;

  process.on('message', (message: unknown) => {
    if (!isParentMessage(message)) return;
    else if (message.type === 'measure') send({ type: 'measure', memory: measureMemory() });
    else if (message.type === 'mark') send({ type: 'mark', monotonicUs: Number(process.hrtime.bigint() / 1000n) });
    else if (message.type === 'cpu') {
      const usage = process.cpuUsage();
      send({ type: 'cpu', cpuUs: usage.user + usage.system });
    } else {
      server.closeAllConnections();
      server.close();
      // process.exit (not a signal) so that --cpu-prof writes its profile.
      void contender.close().finally(() => process.exit(0));
    }
  });
  send({ type: 'ready', port });
}

main().catch((error: unknown) => {
  console.error('[bench server]', error instanceof Error ? error.stack : error);
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
