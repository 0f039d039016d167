import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { chromium, type Browser } from 'playwright-core';
import { createDemoApp } from '../../apps/demo/src/bootstrap.js';
import { loadDemoConfig } from '../../apps/demo/src/config/demo-config.js';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, requireChromium } from '../helpers/chromium.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'browser');


// A real browser clicks through the demo; see test/helpers/chromium.ts for when it runs.
if (requireChromium('demo-signin.browser')) {
  describe('demo in headless Chromium: sign in with the dev IdP, see the account, sign out', () => {
    let server: Server;
    let app: INestApplication;
    let browser: Browser;
    let base: string;

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const config = loadDemoConfig({ BASE_URL: base, PORT: '0', DATABASE_URL: 'sqlite::memory:', OAUTH_SECRET: 'b'.repeat(40) });
      app = await createDemoApp(config, { logger: false });
      await app.init();
      server.on('request', app.getHttpAdapter().getInstance());
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, timeout: 30_000 });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
    });

    it('signs in, shows the linked account, and signs out', async () => {
      const page = await browser.newPage();
      await page.goto(`${base}/`);
      await page.screenshot({ path: join(ARTIFACTS, '1-signed-out.png') });
      await page.getByRole('link', { name: /Sign in with/ }).first().click();
      await page.getByLabel('Email').fill('browser.user@example.com');
      await page.screenshot({ path: join(ARTIFACTS, '2-dev-idp.png') });
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${base}/welcome`);
      await page.screenshot({ path: join(ARTIFACTS, '3-welcome.png') });
      await page.goto(`${base}/`);
      await expect(page.getByText('browser.user@example.com').first().isVisible()).resolves.toBe(true);
      await expect(page.getByRole('button', { name: /Unlink/ }).count()).resolves.toBe(1);
      await page.screenshot({ path: join(ARTIFACTS, '4-signed-in.png'), fullPage: true });
      const me = await page.request.get(`${base}/me`);
      expect(me.status()).toBe(200);
      expect(((await me.json()) as { individual: { email: string } }).individual.email).toBe('browser.user@example.com');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${base}/`);
      await expect(page.getByRole('link', { name: /Sign in with/ }).count()).resolves.toBeGreaterThan(0);
      expect((await page.request.get(`${base}/me`)).status()).toBe(401);
      await page.screenshot({ path: join(ARTIFACTS, '5-signed-out-again.png') });
    }, 60_000);
  });
}
