import { CookieJar, type StoredCookie } from './cookie-jar.js';
import { findAutoSubmitForm } from './html-form.js';

/**
 * A minimal cookie-aware HTTP "browser" for e2e tests, on top of fetch with `redirect: 'manual'` so every hop
 * is visible. One cookie jar per origin (host:port); SameSite is applied like a browser does for top-level
 * navigations (see CookieJar), with "site" simplified to the hostname (127.0.0.1 and localhost are different
 * sites; two ports of the same hostname are the same site, as in real browsers).
 */

export interface BrowserResponse {
  status: number;
  headers: Headers;
  /** Location header resolved against the request URL (absolute), or null. Raw value: headers.get('location'). */
  location: string | null;
  body: string;
  /** The requested URL. */
  url: string;
  /** Raw Set-Cookie header values of this response. */
  setCookies: string[];
}

export interface BrowserRequestInit {
  method?: string;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  headers?: Record<string, string>;
  /**
   * URL of the page that started this navigation. When its hostname differs from the target's, the request is
   * cross-site and SameSite=Lax cookies only travel on GET. Default: none (typed into the address bar).
   */
  initiator?: string;
}

export interface BrowserHop {
  method: string;
  url: string;
  status: number;
  location: string | null;
}

/** A form submission that `follow` did not perform because stopAt matched its action URL. */
export interface PendingForm {
  url: string;
  fields: Record<string, string>;
}

export interface BrowserTrace {
  /** Last response received. */
  final: BrowserResponse;
  hops: BrowserHop[];
  /** The next URL that stopAt matched (NOT requested), or null if the chain ended on its own. */
  stoppedAt: URL | null;
  /** Set when the step stopped at was a POST form submission (form_post callback): what would have been sent. */
  pendingForm: PendingForm | null;
}

export interface FollowOptions {
  /** Checked for every URL after the first; when it returns true, that URL is not requested. */
  stopAt?: (url: URL) => boolean;
  /** Maximum number of requests; default 20. Exceeding it throws (redirect loop). */
  maxHops?: number;
  /** Init for the first request only (e.g. a POST that starts the chain). */
  init?: BrowserRequestInit;
}

/** Where a followed chain ended (its last response's URL). */
export function finalUrl(trace: BrowserTrace): URL {
  return new URL(trace.final.url);
}

const REQUEST_TIMEOUT_MS = 10_000;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

interface Step {
  url: URL;
  method: string;
  form?: Record<string, string>;
  initiator?: string;
  fromForm: boolean;
}

export class TestBrowser {
  private readonly jar = new CookieJar();

  /** `base` resolves relative URLs (`/login/dev`); absolute URLs work without it. */
  constructor(private readonly base?: string) {}

  async request(url: string, init: BrowserRequestInit = {}): Promise<BrowserResponse> {
    const target = new URL(url, this.base);
    const method = methodOf(init);
    const headers = new Headers(init.headers);
    const crossSite = init.initiator !== undefined && new URL(init.initiator).hostname !== target.hostname;
    const cookie = this.jar.header(target, { method, crossSite });
    if (cookie !== null && !headers.has('cookie')) headers.set('cookie', cookie);
    let body: string | undefined;
    if (init.form !== undefined) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const response = await fetch(target, {
      method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const setCookies = response.headers.getSetCookie();
    for (const header of setCookies) this.jar.store(target, header);
    const rawLocation = response.headers.get('location');
    return {
      status: response.status,
      headers: response.headers,
      location: rawLocation === null ? null : new URL(rawLocation, target).href,
      body: await response.text(),
      url: target.href,
      setCookies,
    };
  }

  /**
   * Follows redirects (303, and 301/302 after a POST, become GET; 307/308 keep method and body) and submits
   * auto-submitting POST forms (form_post), across origins, until a response is neither, or stopAt matches.
   */
  async follow(url: string, options: FollowOptions = {}): Promise<BrowserTrace> {
    const maxHops = options.maxHops ?? 20;
    const hops: BrowserHop[] = [];
    const init = options.init ?? {};
    let step: Step = {
      url: new URL(url, this.base),
      method: methodOf(init),
      form: init.form,
      initiator: init.initiator,
      fromForm: false,
    };
    let first = true;
    for (;;) {
      const response = await this.request(step.url.href, {
        method: step.method,
        form: step.form,
        initiator: step.initiator,
        ...(first ? { json: init.json, headers: init.headers } : {}),
      });
      first = false;
      hops.push({ method: step.method, url: response.url, status: response.status, location: response.location });
      const next = nextStep(step, response);
      if (next === null) return { final: response, hops, stoppedAt: null, pendingForm: null };
      if (options.stopAt?.(next.url)) {
        const pendingForm = next.fromForm ? { url: next.url.href, fields: next.form ?? {} } : null;
        return { final: response, hops, stoppedAt: next.url, pendingForm };
      }
      if (hops.length >= maxHops) throw new Error(`TestBrowser.follow: more than ${maxHops} hops (redirect loop?)`);
      step = next;
    }
  }

  /** Live cookies of an origin (`http://host:port` or `host:port`) as name → value. */
  cookies(origin: string): Record<string, string> {
    return this.jar.cookies(origin);
  }

  /** Live cookies of an origin with their attributes (Path, SameSite, HttpOnly, expiry). */
  cookieRecords(origin: string): StoredCookie[] {
    return this.jar.records(origin);
  }

  setCookie(origin: string, name: string, value: string): void {
    this.jar.set(origin, name, value);
  }

  deleteCookie(origin: string, name: string): void {
    this.jar.delete(origin, name);
  }
}

/** The request's method: as given, else POST when it carries a body (a form or JSON), else GET. */
function methodOf(init: BrowserRequestInit): string {
  return (init.method ?? (init.form !== undefined || init.json !== undefined ? 'POST' : 'GET')).toUpperCase();
}

function nextStep(current: Step, response: BrowserResponse): Step | null {
  if (REDIRECT_STATUSES.has(response.status) && response.location !== null) {
    const keepsMethod = response.status === 307 || response.status === 308;
    // Browsers turn 303 (and, historically, 301/302 after POST) into a body-less GET.
    const method = keepsMethod ? current.method : 'GET';
    return {
      url: new URL(response.location),
      method,
      form: keepsMethod ? current.form : undefined,
      initiator: response.url,
      fromForm: keepsMethod && current.fromForm,
    };
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.includes('html')) return null;
  const form = findAutoSubmitForm(response.body, response.url);
  if (form === null) return null;
  return { url: form.action, method: 'POST', form: form.fields, initiator: response.url, fromForm: true };
}
