import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestBrowser } from './browser.js';
import { CookieJar } from './cookie-jar.js';
import { findAutoSubmitForm } from './html-form.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A tiny app on 127.0.0.1 whose routes are plain handlers; records what each request carried. */
async function startApp(routes: Record<string, Handler>): Promise<{ origin: string; seen: { path: string; cookie: string; body: string }[]; server: Server }> {
  const seen: { path: string; cookie: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      seen.push({ path, cookie: req.headers.cookie ?? '', body });
      const handler = routes[path];
      if (handler) handler(req, res, body);
      else res.writeHead(404).end('not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, seen, server };
}

const redirect = (status: number, location: string, cookies: string[] = []): Handler => (_req, res) => {
  res.writeHead(status, { location, 'set-cookie': cookies }).end();
};

const FORM_PAGE = (action: string): string => `<!DOCTYPE html><html><head>
  <script>document.addEventListener('DOMContentLoaded', function () { document.forms[0].submit() });</script>
  </head><body><form method="post" action="${action}">
  <input type="hidden" name="code" value="a&amp;b"/>
  <input type="hidden" name="state" value="s&quot;1"/>
  <input type="text" name="ignored" value="x"/>
  </form></body></html>`;

describe('TestBrowser', () => {
  let app: Awaited<ReturnType<typeof startApp>>;

  beforeAll(async () => {
    app = await startApp({
      '/set': redirect(302, '/after', ['sid=one; Path=/; HttpOnly; SameSite=Lax', 'scoped=p; Path=/scoped']),
      '/after': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('done'),
      '/scoped/page': (_req, res) => res.writeHead(200).end('scoped'),
      '/clear-max-age': redirect(302, '/after', ['sid=; Max-Age=0; Path=/']),
      '/clear-expires': redirect(302, '/after', ['scoped=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/scoped']),
      '/see-other': redirect(303, '/after'),
      '/temporary': redirect(307, '/echo'),
      '/echo': (req, res, body) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`${req.method ?? ''} ${body}`),
      '/form-page': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(FORM_PAGE('/callback')),
      '/callback': (req, res, body) => res.writeHead(303, { location: `/landed?${body}` }).end(),
      '/landed': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>landed</p>'),
      '/loop': redirect(302, '/loop'),
    });
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => app.server.close(() => resolve()));
  });

  it('stores Set-Cookie per origin, sends cookies by path, and reports absolute locations', async () => {
    const browser = new TestBrowser();
    const response = await browser.request(`${app.origin}/set`);
    expect(response.status).toBe(302);
    expect(response.location).toBe(`${app.origin}/after`);
    expect(response.setCookies).toHaveLength(2);
    expect(browser.cookies(app.origin)).toEqual({ sid: 'one', scoped: 'p' });
    expect(browser.cookies('127.0.0.1:1')).toEqual({});
    expect(browser.cookieRecords(app.origin).find((c) => c.name === 'sid')).toEqual(expect.objectContaining({ httpOnly: true, sameSite: 'lax', path: '/' }));

    await browser.request(`${app.origin}/after`);
    await browser.request(`${app.origin}/scoped/page`);
    expect(app.seen.at(-2)?.cookie).toBe('sid=one');
    expect(app.seen.at(-1)?.cookie).toBe('scoped=p; sid=one');
  });

  it('deletes cookies on Max-Age=0 and on a past Expires, and supports manual set/delete', async () => {
    const browser = new TestBrowser();
    await browser.request(`${app.origin}/set`);
    await browser.request(`${app.origin}/clear-max-age`);
    expect(browser.cookies(app.origin)).toEqual({ scoped: 'p' });
    await browser.request(`${app.origin}/clear-expires`);
    expect(browser.cookies(app.origin)).toEqual({});

    browser.setCookie(app.origin, 'manual', 'v');
    await browser.request(`${app.origin}/after`);
    expect(app.seen.at(-1)?.cookie).toBe('manual=v');
    browser.deleteCookie(app.origin, 'manual');
    expect(browser.cookies(app.origin)).toEqual({});
  });

  it('follows redirects: 303 turns into GET, 307 keeps method and body', async () => {
    const browser = new TestBrowser();
    const seeOther = await browser.follow(`${app.origin}/see-other`, { init: { method: 'POST', form: { a: '1' } } });
    expect(seeOther.hops.map((h) => `${h.method} ${h.status}`)).toEqual(['POST 303', 'GET 200']);
    expect(seeOther.final.body).toBe('done');

    const temporary = await browser.follow(`${app.origin}/temporary`, { init: { method: 'POST', form: { a: '1' } } });
    expect(temporary.final.body).toBe('POST a=1');
    expect(temporary.stoppedAt).toBeNull();
  });

  it('submits auto-submitting form_post pages like a browser with JavaScript', async () => {
    const browser = new TestBrowser();
    const trace = await browser.follow(`${app.origin}/form-page`);
    expect(trace.hops.map((h) => `${h.method} ${new URL(h.url).pathname} ${h.status}`)).toEqual([
      'GET /form-page 200',
      'POST /callback 303',
      'GET /landed 200',
    ]);
    expect(app.seen.find((s) => s.path === '/callback')?.body).toBe('code=a%26b&state=s%221');
    expect(trace.final.body).toBe('<p>landed</p>');
  });

  it('stops before a stopAt URL and reports a pending form submission', async () => {
    const browser = new TestBrowser();
    const before = app.seen.length;
    const trace = await browser.follow(`${app.origin}/form-page`, { stopAt: (url) => url.pathname === '/callback' });
    expect(trace.stoppedAt?.href).toBe(`${app.origin}/callback`);
    expect(trace.pendingForm).toEqual({ url: `${app.origin}/callback`, fields: { code: 'a&b', state: 's"1' } });
    expect(app.seen.slice(before).map((s) => s.path)).toEqual(['/form-page']);

    const redirectStop = await browser.follow(`${app.origin}/set`, { stopAt: (url) => url.pathname === '/after' });
    expect(redirectStop.final.status).toBe(302);
    expect(redirectStop.pendingForm).toBeNull();
  });

  it('throws on redirect loops after maxHops', async () => {
    await expect(new TestBrowser().follow(`${app.origin}/loop`, { maxHops: 3 })).rejects.toThrow(/more than 3 hops/);
  });
});

describe('CookieJar SameSite', () => {
  const url = new URL('http://localhost:3000/auth/callback');
  const jar = new CookieJar();
  jar.store(url, 'lax=1; Path=/');
  jar.store(url, 'strict=2; Path=/; SameSite=Strict');
  jar.store(url, 'none=3; Path=/; SameSite=None; Secure');

  it('sends every cookie on same-site requests', () => {
    expect(jar.header(url, { method: 'POST', crossSite: false })).toBe('lax=1; strict=2; none=3');
  });

  it('withholds Lax (the default) and Strict cookies from a cross-site POST such as a form_post callback', () => {
    expect(jar.header(url, { method: 'POST', crossSite: true })).toBe('none=3');
    expect(jar.header(url, { method: 'GET', crossSite: true })).toBe('lax=1; none=3');
  });

  it('expires cookies by Max-Age using the jar clock', () => {
    let now = 1_000_000;
    const timed = new CookieJar(() => now);
    timed.store(url, 'short=x; Max-Age=10');
    expect(timed.cookies(url)).toEqual({ short: 'x' });
    now += 10_000;
    expect(timed.cookies(url)).toEqual({});
  });
});

describe('findAutoSubmitForm', () => {
  it('ignores pages without an auto-submit script and GET forms', () => {
    expect(findAutoSubmitForm('<form method="post" action="/x"></form>', 'http://a/')).toBeNull();
    expect(findAutoSubmitForm('<script>document.forms[0].submit()</script><form action="/x"></form>', 'http://a/')).toBeNull();
  });
});
