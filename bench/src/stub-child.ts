import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isParentMessage, type ChildMessage } from './ipc.js';
import { OpStub } from './op-stub.js';

function send(message: ChildMessage): void {
  process.send?.(message);
}

/**
 * The OP stub in its own process and on its own port, one per contender: the contender's process
 * then holds only the app, so its CPU per operation is the app's own (issue #16 asks for app CPU;
 * the stub's authorize, token and ES256 signing work is measured apart). Steered over IPC.
 */
async function main(): Promise<void> {
  let stub: OpStub | null = null;
  const server = createServer((request, response) => {
    if (stub !== null) stub.handle(request, response);
    else response.writeHead(503).end();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const opStub = new OpStub(`http://127.0.0.1:${port}`);
  stub = opStub;

  process.on('message', (message: unknown) => {
    if (!isParentMessage(message)) return;
    if (message.type === 'counters') send({ type: 'stubCounters', counters: { ...opStub.counters } });
    else if (message.type === 'cpu') {
      const usage = process.cpuUsage();
      send({ type: 'cpu', cpuUs: usage.user + usage.system });
    } else if (message.type === 'exit') {
      server.closeAllConnections();
      server.close();
      process.exit(0);
    }
  });
  send({ type: 'ready', port });
}

main().catch((error: unknown) => {
  console.error('[bench stub]', error instanceof Error ? error.stack : error);
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
