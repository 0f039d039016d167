import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { createDemoApp } from '../../apps/demo/src/bootstrap.js';
import { loadDemoConfig } from '../../apps/demo/src/config/demo-config.js';
import { createThrowawayDatabase, createThrowawayMysqlDatabase, requireMysql, requirePostgres } from '../../libs/oauth-typeorm/src/testing/servers.js';
import { TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { startOidcProvider, type RunningOidcProvider } from '../helpers/oidc-provider-process.js';

// The demo on each database DATABASE_URL accepts, each empty at first start: the adapter's
// migrations run at boot, then a full sign-in (adapter state strategy: the state row is consumed),
// a returning sign-in (the account upsert's update path) and sign-out, against a real OP.

interface DatabaseUnderTest {
  name: string;
  /** A fresh, empty database and how to remove it. */
  create(): Promise<{ url: string; drop(): Promise<void> }>;
}

const postgresServer = await requirePostgres('demo-databases.e2e');
const mysqlServer = await requireMysql('demo-databases.e2e');

const DATABASES: DatabaseUnderTest[] = [
  {
    name: 'SQLite file',
    create: async () => {
      const folder = mkdtempSync(join(tmpdir(), 'demo-db-'));
      return { url: `sqlite:${join(folder, 'demo.sqlite')}`, drop: async () => rmSync(folder, { recursive: true, force: true }) };
    },
  },
  ...(postgresServer === null ? [] : [{ name: 'PostgreSQL', create: () => createThrowawayDatabase(postgresServer) }]),
  ...(mysqlServer === null
    ? []
    : [
        {
          name: 'MariaDB (mysql://)',
          create: () => createThrowawayMysqlDatabase(mysqlServer),
        },
      ]),
];

const landed = (paths: string[]) => (url: URL) => paths.includes(url.pathname);

describe.each(DATABASES.map((database) => [database.name, database] as const))('demo on %s', (_name, database) => {
  let op: RunningOidcProvider;
  let app: INestApplication;
  let base: string;
  let drop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    op = await startOidcProvider({
      clients: [{ client_id: 'demo-client', client_secret: 'demo-client-secret', redirect_uris: [`${base}/auth/provider/oidc/callback`] }],
    });
    const created = await database.create();
    drop = created.drop;
    const config = loadDemoConfig({
      PORT: String(port),
      BASE_URL: base,
      OAUTH_SECRET: 'databases-secret-0123456789-abcdefghijkl',
      DATABASE_URL: created.url,
      DEV_IDP: 'off',
      OIDC_ISSUER: op.issuer,
      OIDC_CLIENT_ID: 'demo-client',
      OIDC_CLIENT_SECRET: 'demo-client-secret',
      OIDC_STATE_STRATEGY: 'adapter',
    });
    app = await createDemoApp(config, { logger: false });
    await app.listen(port, '127.0.0.1');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await op?.stop();
    await drop();
  }, 60_000);

  it('migrates the empty database at first start, signs a new person in, welcomes back a returning one, signs out', async () => {
    expect((await fetch(`${base}/`)).status).toBe(200);

    const first = new TestBrowser();
    const signUp = await first.follow(`${base}/login/oidc?return_to=/after`, { stopAt: landed(['/welcome', '/after', '/auth/error']) });
    expect(signUp.stoppedAt?.pathname).toBe('/welcome');
    const me = JSON.parse((await first.request(`${base}/me`)).body) as { individual: { id: string; email: string }; accounts: unknown[] };
    expect(me.individual.email).toBe('alice@example.com');
    expect(me.accounts).toHaveLength(1);

    const second = new TestBrowser();
    const signIn = await second.follow(`${base}/login/oidc?return_to=/after`, { stopAt: landed(['/welcome', '/after', '/auth/error']) });
    expect(signIn.stoppedAt?.pathname).toBe('/after');
    const again = JSON.parse((await second.request(`${base}/me`)).body) as { individual: { id: string }; accounts: unknown[] };
    expect(again.individual.id).toBe(me.individual.id);
    expect(again.accounts).toHaveLength(1);

    const logout = await second.request(`${base}/logout`, { method: 'POST' });
    expect(logout.status).toBe(302);
    expect((await second.request(`${base}/me`)).status).toBe(401);
  });
});
