import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createDemoApp } from '../../apps/demo/src/bootstrap.js';
import { testDemoConfig } from '../../apps/demo/src/testing/demo-server.js';
import { serveInProcess, type InProcessServer } from '../../apps/demo/src/testing/in-process-server.js';
import { finalUrl, TestBrowser } from '../helpers/browser.js';
import { createThrowawayDatabase, requirePostgres, type ThrowawayDatabase } from '../../libs/oauth-typeorm/src/testing/servers.js';
import { LogCapture } from '../helpers/log-capture.js';

/**
 * The demo on a throwaway PostgreSQL database that goes away for real (new connections refused, open
 * ones terminated: the shared server other suites use stays up) and comes back. While it is away, the
 * library's routes and the demo's own answer 503 `storage_unavailable` (or the error page, for a
 * callback) with one log line, never a bare 500; once it is back, the same browser signs in again.
 */
const serverUrl = await requirePostgres('database-outage-postgres.e2e');

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl ?? '' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// Without a reachable server requirePostgres fails in CI and registers no tests locally (as the other PostgreSQL suites).
if (serverUrl !== null) describe('database outage (PostgreSQL unreachable, then back)', () => {
  let database: ThrowawayDatabase;
  let demo: InProcessServer;
  const logs = new LogCapture();

  const outageLines = () => logs.lines.filter((line) => line.text.includes('oauth.storage_unavailable'));

  async function takeDatabaseAway(): Promise<void> {
    // Only [a-z0-9_] in the name: safe as an identifier.
    await onServer(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS false`);
    await onServer(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database.name}' AND pid <> pg_backend_pid()`);
  }

  async function bringDatabaseBack(): Promise<void> {
    await onServer(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS true`);
  }

  async function signIn(browser: TestBrowser, email: string): Promise<URL> {
    const start = await browser.request('/login/dev');
    expect(start.status).toBe(302);
    const form = finalUrl(await browser.follow(start.location ?? ''));
    return finalUrl(await browser.follow(`${form.pathname}/login`, { init: { form: { email } } }));
  }

  beforeAll(async () => {
    database = await createThrowawayDatabase(serverUrl ?? undefined);
    demo = await serveInProcess(async (base) => {
      const app = await createDemoApp(testDemoConfig(base, { OAUTH_SECRET: 'o'.repeat(32), DATABASE_URL: database.url }), { logger: false });
      app.useLogger(logs);
      return app;
    });
  }, 30_000);

  afterAll(async () => {
    await bringDatabaseBack().catch(() => undefined);
    await demo?.close();
    await database?.drop();
  });

  it('answers 503 storage_unavailable with one log line per request while the database is away, and recovers', async () => {
    const browser = new TestBrowser(demo.base);
    expect((await signIn(browser, 'olga@example.com')).pathname).toBe('/welcome');
    logs.clear();

    await takeDatabaseAway();
    // The demo's own route (signInUrl stores the state) and a library route (the session lookup).
    const login = await browser.request('/login/dev');
    expect(login.status).toBe(503);
    expect(JSON.parse(login.body)).toEqual({ code: 'storage_unavailable', message: expect.any(String) });
    const accounts = await browser.request('/auth/provider/dev/accounts');
    expect(accounts.status).toBe(503);
    expect(JSON.parse(accounts.body)).toMatchObject({ code: 'storage_unavailable' });
    expect(outageLines()).toHaveLength(2);
    // The driver's message names the database; it stays out of the answer and the log.
    expect(logs.lines.map((line) => line.text).join('\n')).not.toContain(database.name);

    await bringDatabaseBack();
    const back = await browser.request('/auth/provider/dev/accounts');
    expect(back.status).toBe(200);
    expect((await signIn(new TestBrowser(demo.base), 'olga@example.com')).pathname).toBe('/');
  });

  it('a callback that arrives while the database is away ends on the error page with storage_unavailable', async () => {
    const browser = new TestBrowser(demo.base);
    const start = await browser.request('/login/dev');
    const form = finalUrl(await browser.follow(start.location ?? ''));
    logs.clear();
    await takeDatabaseAway();
    try {
      const landed = finalUrl(await browser.follow(`${form.pathname}/login`, { init: { form: { email: 'pia@example.com' } } }));
      expect(`${landed.pathname}?${landed.searchParams.toString()}`).toBe('/auth/error?error=storage_unavailable');
      expect(logs.warningEvents('oauth.callback_rejected')).toEqual([
        expect.objectContaining({ provider: 'dev', code: 'storage_unavailable' }),
      ]);
    } finally {
      await bringDatabaseBack();
    }
    // The state was never consumed: nothing half-done blocks a new attempt.
    expect((await signIn(browser, 'pia@example.com')).pathname).toBe('/welcome');
  });
});
