import { beforeEach, expect } from '@jest/globals';
import { OAuthProvider, type OAuthProviderDefinition } from '@belgie/nestjs-oauth';
import { TestClock } from '@belgie/nestjs-oauth/testing';
import { MisbehavingOp, OP_ENDPOINTS, type OpEndpoint } from '../fixtures/misbehaving-op/index.js';
import { TestBrowser, type BrowserResponse } from '../helpers/browser.js';
import { freePort } from '../helpers/free-port.js';
import { LogCapture } from '../helpers/log-capture.js';
import { startTestApp, type TestApp } from '../helpers/oauth-test-app.js';
import { useForSuite } from '../helpers/suite-lifecycle.js';
import { WriteCountingRepository } from './write-counting-repository.js';

export const CLIENT_ID = 'rp-conformance-client';
export const CLIENT_SECRET = 'rp-conformance-secret-0123456789abcdef';
/**
 * Every provider request is bounded by this, so hang tests end in about a second. Not lower: the
 * suite shares the machine with other Jest workers, and a well-behaved request must never time out.
 */
export const TIMEOUT_MS = 1_000;

type ProviderOptions = Parameters<typeof OAuthProvider>[0];

export interface RpProviderSpec {
  id: string;
  responseMode?: 'query' | 'form_post';
  /** Options laid over the defaults (discovery at the misbehaving OP, client_secret_basic). */
  options?: Partial<ProviderOptions>;
}

export interface RpHarnessOptions {
  /** Default: one provider `op`. A function receives the started OP (for manual endpoint configs). */
  providers?: readonly RpProviderSpec[] | ((op: MisbehavingOp) => readonly RpProviderSpec[]);
  /** Providers signed in through once at start, so discovery and JWKS are cached before the tests. */
  warm?: readonly string[];
}

/** The authorization response as the browser would deliver it to the app's callback. */
export interface CallbackDelivery {
  method: 'GET' | 'POST';
  /** Callback URL without the response parameters. */
  url: string;
  params: Record<string, string>;
}

export interface FlowOptions {
  provider?: string;
  loginHint?: string;
}

let people = 0;
/** A login_hint nobody used yet (the misbehaving OP turns it into the subject). */
export function newPerson(label = 'person'): string {
  people += 1;
  return `${label}-${people}@example.com`;
}

/**
 * One misbehaving OP, one Nest app (TestClock shared with the OP, write-counting repository,
 * capturing logger) and helpers to drive a browser through the redirect flow and assert outcomes.
 */
export class RpHarness {
  private constructor(
    readonly op: MisbehavingOp,
    readonly app: TestApp,
    readonly repository: WriteCountingRepository,
    readonly logs: LogCapture,
    readonly clock: TestClock,
  ) {}

  static async start(options: RpHarnessOptions = {}): Promise<RpHarness> {
    const clock = new TestClock();
    const op = await MisbehavingOp.start({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, now: () => clock.now() });
    const repository = new WriteCountingRepository({ clock });
    const logs = new LogCapture();
    const specs = typeof options.providers === 'function' ? options.providers(op) : (options.providers ?? [{ id: 'op' }]);
    let app: TestApp;
    try {
      app = await startTestApp({ port: await freePort(), repository, clock, providers: specs.map((spec) => providerFor(op, spec)) });
    } catch (error) {
      await op.stop();
      throw error;
    }
    // Nest's Logger is process-wide: install the capture after the boot (which ran with logger: false).
    app.app.useLogger(logs);
    const harness = new RpHarness(op, app, repository, logs, clock);
    for (const provider of options.warm ?? []) await harness.signIn(new TestBrowser(), { provider });
    harness.begin();
    return harness;
  }

  get baseUrl(): string {
    return this.app.baseUrl;
  }

  /** A well-behaved OP again, and clean counters, logs and write records. */
  begin(): void {
    this.op.reset();
    this.mark();
  }

  /** Clean counters, logs and write records; the OP's script stays. */
  mark(): void {
    this.op.resetCounters();
    this.logs.clear();
    this.repository.writes.length = 0;
  }

  /** Starts a sign-in at `/login/<id>` and stops before the browser requests the OP's authorize URL. */
  async authorizeRequest(browser: TestBrowser, { provider = 'op', loginHint = newPerson() }: FlowOptions = {}): Promise<URL> {
    const authorize = this.op.url('authorize');
    const trace = await browser.follow(`${this.baseUrl}/login/${provider}?login_hint=${encodeURIComponent(loginHint)}`, {
      stopAt: (url) => url.href.startsWith(authorize),
    });
    if (trace.stoppedAt === null) throw new Error(`the sign-in did not reach the OP (HTTP ${trace.final.status}: ${trace.final.body})`);
    return trace.stoppedAt;
  }

  /** Runs the flow through the OP's authorize endpoint and stops before the app's callback. */
  async reachCallback(browser: TestBrowser, { provider = 'op', loginHint = newPerson() }: FlowOptions = {}): Promise<CallbackDelivery> {
    const callbackPath = `/auth/provider/${provider}/callback`;
    const trace = await browser.follow(`${this.baseUrl}/login/${provider}?login_hint=${encodeURIComponent(loginHint)}`, {
      stopAt: (url) => url.origin === this.baseUrl && url.pathname === callbackPath,
    });
    if (trace.stoppedAt === null) throw new Error(`the flow did not reach ${callbackPath} (HTTP ${trace.final.status})`);
    if (trace.pendingForm !== null) return { method: 'POST', url: trace.pendingForm.url, params: { ...trace.pendingForm.fields } };
    const url = new URL(trace.stoppedAt.href);
    const params = Object.fromEntries(url.searchParams);
    url.search = '';
    return { method: 'GET', url: url.href, params };
  }

  /** Delivers an authorization response with the browser's cookies (a form POST for form_post). */
  deliver(browser: TestBrowser, delivery: CallbackDelivery): Promise<BrowserResponse> {
    if (delivery.method === 'POST') return browser.request(delivery.url, { form: delivery.params, initiator: this.op.issuer });
    return browser.request(`${delivery.url}?${new URLSearchParams(delivery.params).toString()}`);
  }

  /** A complete, successful sign-in; returns the individual's id. */
  async signIn(browser: TestBrowser, options: FlowOptions = {}): Promise<string> {
    const response = await this.deliver(browser, await this.reachCallback(browser, options));
    if (errorCodeOf(response) !== null) {
      throw new Error(`sign-in refused: ${JSON.stringify(this.logs.warningEvents('oauth.callback_rejected'))}`);
    }
    expectSignedIn(response);
    const me = await browser.request(`${this.baseUrl}/me`);
    const body = JSON.parse(me.body) as { individual?: { id?: unknown } };
    if (typeof body.individual?.id !== 'string') throw new Error(`/me answered ${me.status}`);
    return body.individual.id;
  }

  /**
   * The user-visible outcome of a refused callback (302 to `/auth/error?error=<code>`), one warning
   * naming the failed check, no code/token/secret in any log line, and no row written.
   */
  /** `logged`: extra fields of the warning, e.g. the provider's own `providerError`. */
  expectRejected(response: BrowserResponse, code: string, check: string, provider = 'op', logged: Record<string, string> = {}): void {
    expect({ status: response.status, error: errorCodeOf(response) }).toEqual({ status: 302, error: code });
    expect(this.logs.warningEvents('oauth.callback_rejected')).toEqual([{ event: 'oauth.callback_rejected', provider, code, check, ...logged }]);
    this.expectNoSecretsLogged();
    this.expectNothingPersisted();
  }

  expectNothingPersisted(): void {
    expect(this.repository.writes).toEqual([]);
  }

  expectNoSecretsLogged(): void {
    expect(this.logs.linesContaining(this.op.secrets()).map((line) => line.text)).toEqual([]);
  }

  /** Exact request counts per OP endpoint since the last `begin()`/`mark()`; unlisted endpoints: 0. */
  expectCalls(expected: Partial<Record<OpEndpoint, number>>): void {
    const full = Object.fromEntries(OP_ENDPOINTS.map((endpoint) => [endpoint, expected[endpoint] ?? 0]));
    expect({ ...this.op.calls }).toEqual(full);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.op.stop();
  }
}

/**
 * The lifecycle every conformance suite shares: one harness for the suite (started with its warm-up
 * sign-ins, closed afterwards), and a well-behaved OP with clean counters before each test. `bind` hands
 * the harness to the suite's own variable. Options may be computed first (e.g. a port to look up).
 */
export function useRpHarness(options: RpHarnessOptions | (() => Promise<RpHarnessOptions>), bind: (harness: RpHarness) => void): void {
  let harness: RpHarness | undefined;
  useForSuite(
    async () => RpHarness.start(typeof options === 'function' ? await options() : options),
    (started) => {
      harness = started;
      bind(started);
    },
  );
  beforeEach(() => harness?.begin());
}

function providerFor(op: MisbehavingOp, spec: RpProviderSpec): OAuthProviderDefinition {
  return OAuthProvider({
    id: spec.id,
    discoveryUrl: op.discoveryUrl,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    tokenEndpointAuthMethod: 'client_secret_basic',
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    responseMode: spec.responseMode ?? 'query',
    defaultErrorRedirectUrl: '/auth/error',
    timeoutMs: TIMEOUT_MS,
    ...spec.options,
  });
}

/** The `error` of a redirect to `/auth/error`, or null when the response went anywhere else. */
export function errorCodeOf(response: BrowserResponse): string | null {
  if (response.location === null) return null;
  const location = new URL(response.location);
  return location.pathname === '/auth/error' ? location.searchParams.get('error') : null;
}

export function expectSignedIn(response: BrowserResponse): void {
  expect({ status: response.status, error: errorCodeOf(response) }).toEqual({ status: 302, error: null });
  expect(response.setCookies.some((header) => /^belgie_session=[^;]+;/.test(header))).toBe(true);
}
