import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { describeInChromium } from '../helpers/chromium.js';
import { BROWSER_ARTIFACTS as ARTIFACTS, useDemoInChromium } from '../helpers/demo-browser.js';

const EMAIL = 'link.user@example.com';

interface Me {
  individual: { id: string; email: string };
  accounts: { provider: string; providerAccountId: string; updatedAt: string }[];
}

/**
 * Link, refresh and unlink through the start page, with the default provider set (only `dev`): the dev IdP
 * derives the subject from the email, so linking the same email again is the SAME identity (an idempotent
 * re-link that keeps one row), and a different email is refused by the library's same-email rule.
 */

// A real browser clicks through the demo; see test/helpers/chromium.ts for when it runs.
describeInChromium('demo-link-unlink.browser', 'demo in headless Chromium: link, refresh and unlink accounts', () => {
  let browser: Browser;
  let base: string;

  useDemoInChromium('l'.repeat(40), (started) => {
    ({ base, browser } = started);
  });

  async function me(page: Page): Promise<Me> {
    const response = await page.request.get(`${base}/me`);
    expect(response.status()).toBe(200);
    return (await response.json()) as Me;
  }

  /** On the dev IdP's form: types the email and continues. */
  async function answerDevIdp(page: Page, email: string): Promise<void> {
    await page.waitForURL(/\/dev-idp\/interaction\//);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  it('re-links the same identity idempotently, refuses another email, refreshes, unlinks and signs out', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Sign in with the development identity provider' }).click();
    await answerDevIdp(page, EMAIL);
    await page.waitForURL(`${base}/welcome`);
    await page.getByRole('link', { name: 'Continue to the start page' }).click();
    await page.waitForURL(`${base}/`);
    const before = await me(page);
    expect(before.accounts).toHaveLength(1);
    const [first] = before.accounts;
    await page.screenshot({ path: join(ARTIFACTS, 'link-1-signed-in.png'), fullPage: true });

    // Link with the same email: the same dev IdP subject, so the existing row is reused (still one account).
    await page.getByRole('link', { name: 'Link another account from the development identity provider' }).click();
    await answerDevIdp(page, EMAIL);
    await page.waitForURL(`${base}/`);
    const relinked = await me(page);
    expect(relinked.individual.id).toBe(before.individual.id);
    expect(relinked.accounts).toHaveLength(1);
    expect(relinked.accounts[0]?.providerAccountId).toBe(first?.providerAccountId);
    await expect(page.getByRole('button', { name: /^Unlink / }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'link-2-relinked.png'), fullPage: true });

    // A different email is refused, and the error page says what to do.
    await page.getByRole('link', { name: 'Link another account from the development identity provider' }).click();
    await answerDevIdp(page, 'someone.else@example.com');
    await page.waitForURL(`${base}/auth/error?error=email_does_not_match`);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('same email address');
    await page.screenshot({ path: join(ARTIFACTS, 'link-3-email-does-not-match.png'), fullPage: true });
    await page.getByRole('link', { name: 'Back to the start page' }).click();
    await page.waitForURL(`${base}/`);
    expect((await me(page)).accounts).toHaveLength(1);

    // Refresh now: real refresh-token grant at the dev IdP; the row is updated in place.
    await page.getByRole('button', { name: /^Refresh now: / }).click();
    await page.waitForURL(`${base}/`);
    const refreshed = await me(page);
    expect(refreshed.accounts).toHaveLength(1);
    expect(Date.parse(refreshed.accounts[0]?.updatedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(first?.updatedAt ?? ''));

    // Unlink: the account is gone, the session stays.
    await page.getByRole('button', { name: /^Unlink / }).click();
    await page.waitForURL(`${base}/`);
    await expect(page.getByText('No linked accounts.').isVisible()).resolves.toBe(true);
    expect((await me(page)).accounts).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'link-4-unlinked.png'), fullPage: true });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/`);
    expect((await page.request.get(`${base}/me`)).status()).toBe(401);
  }, 90_000);
});
