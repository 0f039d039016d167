import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';

/** A Nest app served on 127.0.0.1 for one test suite. */
export interface InProcessServer {
  app: INestApplication;
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  base: string;
  close(): Promise<void>;
}

function closeServer(server: Server): Promise<void> {
  // Keep-alive sockets (fetch, a browser) would otherwise hold close() open until they time out.
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * Listens on a free port first and only then builds the app, because the app needs its own base URL
 * (issuer, redirect URIs) before it exists; requests reach the app once `build`'s result is initialised.
 */
export async function serveInProcess(build: (base: string) => Promise<INestApplication>): Promise<InProcessServer> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let app: INestApplication | undefined;
  try {
    app = await build(base);
    await app.init();
  } catch (error) {
    await app?.close();
    await closeServer(server);
    throw error;
  }
  const ready = app;
  server.on('request', ready.getHttpAdapter().getInstance());
  return {
    app: ready,
    base,
    async close() {
      await ready.close();
      await closeServer(server);
    },
  };
}
