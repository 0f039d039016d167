import type { BrowserResponse, TestBrowser } from './browser.js';

/** Where the test app's `/login/:provider` sends the browser at the end of a flow. */
export const LANDING_PATHS = ['/welcome', '/after', '/linked', '/auth/error'];

export interface Landing {
  url: URL;
  /** The `error` query parameter of `/auth/error`, or null on success. */
  error: string | null;
  /** Set-Cookie headers the app's callback sent (to check which cookies a flow sets). */
  callbackSetCookies: string[];
}

async function land(browser: TestBrowser, url: string): Promise<Landing> {
  const trace = await browser.follow(url, { stopAt: (next) => LANDING_PATHS.includes(next.pathname) });
  const landed = trace.stoppedAt;
  if (landed === null) throw new Error(`the flow ended without landing (last status ${trace.final.status})`);
  const callback = trace.final.url.includes('/callback') ? trace.final.setCookies : [];
  return { url: landed, error: landed.pathname === '/auth/error' ? landed.searchParams.get('error') : null, callbackSetCookies: callback };
}

/** Signs the browser in to the test app through `provider`, as `email` at the OP; returns the individual id. */
export async function signInViaApp(browser: TestBrowser, baseUrl: string, provider: string, email: string): Promise<string> {
  const landing = await land(browser, `${baseUrl}/login/${provider}?return_to=/after&login_hint=${encodeURIComponent(email)}`);
  if (landing.error !== null) throw new Error(`sign-in failed: ${landing.error}`);
  const me = await browser.request(`${baseUrl}/me`);
  const body = JSON.parse(me.body) as { individual?: { id?: unknown } };
  if (typeof body.individual?.id !== 'string') throw new Error(`/me answered ${me.status}`);
  return body.individual.id;
}

/**
 * Runs a redirect link flow for `individualId` (the test app's `/login/:provider?link_as=`). The
 * OP's automatic interaction signs in as its default account (alice@example.com) when no hint is sent.
 */
export function linkViaApp(browser: TestBrowser, baseUrl: string, provider: string, individualId: string): Promise<Landing> {
  return land(browser, `${baseUrl}/login/${provider}?link_as=${encodeURIComponent(individualId)}&return_to=/linked`);
}

export interface JsonResult {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
  raw: BrowserResponse;
}

/** A JSON request with the browser's cookies; the body parsed as an object ({} when empty). */
export async function jsonCall(browser: TestBrowser, url: string, init: { method?: string; json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<JsonResult> {
  const response = await browser.request(url, init);
  const parsed: unknown = response.body === '' ? {} : JSON.parse(response.body);
  const body = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  return { status: response.status, headers: response.headers, body, raw: response };
}
