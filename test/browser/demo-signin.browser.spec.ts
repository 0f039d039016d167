import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { describeInChromium } from '../helpers/chromium.js';
import { BROWSER_ARTIFACTS as ARTIFACTS, useDemoInChromium } from '../helpers/demo-browser.js';

// A real browser clicks through the demo; see test/helpers/chromium.ts for when it runs.
describeInChromium('demo-signin.browser', 'demo in headless Chromium: sign in with the dev IdP, see the account, sign out', () => {
  let browser: Browser;
  let base: string;

  useDemoInChromium('b'.repeat(40), (started) => {
    ({ base, browser } = started);
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
