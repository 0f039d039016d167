import { expect } from '@jest/globals';
import { OAuthProvider, type Clock, type StateStrategy } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';
import type { BrowserResponse, TestBrowser } from './browser.js';
import { freePort } from './free-port.js';
import { LogCapture } from './log-capture.js';
import { startOidcProvider, type RunningOidcProvider } from './oidc-provider-process.js';
import { startTestApp, type TestApp, type TestPlatform } from './oauth-test-app.js';
import { useForSuite } from './suite-lifecycle.js';

/**
 * Shared set-up for the "what the library refuses" e2e specs: one real oidc-provider, one app with one or
 * more providers on it (each its own OP client), a capturing logger, and small helpers to drive a browser
 * up to the callback and read the outcome.
 */

export interface ScenarioProvider {
  id: string;
  /** RFC 9207 option; omitted = unset (required because the OP advertises support). */
  requireIssuerParameter?: boolean;
}

export interface ScenarioOptions {
  stateStrategy: StateStrategy;
  /** Default: one provider `op`. */
  providers?: readonly ScenarioProvider[];
  clock?: Clock;
  logs?: LogCapture;
  /** Default `express`. */
  platform?: TestPlatform;
}

export interface ReachCallbackOptions {
  provider?: string;
  loginHint?: string;
  returnTo?: string;
}

/** What persisted sign-in leaves behind (states are excluded: they are transient by design). */
export interface PersistedCounts {
  individuals: number;
  accounts: number;
  sessions: number;
}

export const CLIENT_SECRET_PREFIX = 'client-secret-for-';

export interface Scenario {
  op: RunningOidcProvider;
  app: TestApp;
  baseUrl: string;
  repository: InMemoryOAuthRepository;
  logs: LogCapture;
  stateStrategy: StateStrategy;
  /** Name of the cookie that binds the state to the browser (marker for adapter, whole state for cookie). */
  stateCookieName(providerId?: string): string;
  /** Starts a sign-in at the app's /login route and stops right before the browser would hit the callback. */
  reachCallback(browser: TestBrowser, options?: ReachCallbackOptions): Promise<URL>;
  persisted(): PersistedCounts;
  /** Authorization-code token requests the OP has seen since the last `op.resetCounters()`. */
  codeExchanges(): Promise<number>;
  close(): Promise<void>;
}

export function clientSecretFor(providerId: string): string {
  return `${CLIENT_SECRET_PREFIX}${providerId}-0123456789`;
}

export async function startScenario(options: ScenarioOptions): Promise<Scenario> {
  const providers = options.providers ?? [{ id: 'op' }];
  const logs = options.logs ?? new LogCapture();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const op = await startOidcProvider({
    clients: providers.map(({ id }) => ({
      client_id: `client-${id}`,
      client_secret: clientSecretFor(id),
      redirect_uris: [`${baseUrl}/auth/provider/${id}/callback`],
    })),
  });
  const repository = new InMemoryOAuthRepository();
  let app: TestApp;
  try {
    app = await startTestApp({
      port,
      repository,
      ...(options.platform ? { platform: options.platform } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      providers: providers.map(({ id, requireIssuerParameter }) =>
        OAuthProvider({
          id,
          discoveryUrl: `${op.issuer}/.well-known/openid-configuration`,
          clientId: `client-${id}`,
          clientSecret: clientSecretFor(id),
          scopes: ['openid', 'email', 'profile'],
          stateStrategy: options.stateStrategy,
          responseMode: 'query',
          defaultErrorRedirectUrl: '/auth/error',
          ...(requireIssuerParameter === undefined ? {} : { requireIssuerParameter }),
        }),
      ),
    });
  } catch (error) {
    await op.stop();
    throw error;
  }
  // startTestApp boots with `logger: false`; Nest's Logger is a process-wide static, so install the capture
  // after every boot (a later boot with `logger: false` would otherwise silence it).
  app.app.useLogger(logs);
  return {
    op,
    app,
    baseUrl,
    repository,
    logs,
    stateStrategy: options.stateStrategy,
    stateCookieName: (providerId = 'op') =>
      options.stateStrategy === 'adapter' ? `belgie_oauth_${providerId}_state_marker` : `belgie_oauth_${providerId}_state`,
    async reachCallback(browser, { provider = 'op', loginHint = 'alice@example.com', returnTo } = {}) {
      const query = new URLSearchParams({ login_hint: loginHint });
      if (returnTo !== undefined) query.set('return_to', returnTo);
      const callbackPath = `/auth/provider/${provider}/callback`;
      const trace = await browser.follow(`${baseUrl}/login/${provider}?${query.toString()}`, {
        stopAt: (url) => url.pathname === callbackPath,
      });
      if (trace.stoppedAt === null) {
        throw new Error(`the flow did not reach ${callbackPath} (last status ${trace.final.status})`);
      }
      return trace.stoppedAt;
    },
    persisted() {
      const { individuals, accounts, sessions } = repository.counts();
      return { individuals, accounts, sessions };
    },
    async codeExchanges() {
      return (await op.counters())['token:authorization_code'] ?? 0;
    },
    async close() {
      await app.close();
      await op.stop();
    },
  };
}

/** One scenario for the whole suite (started before its first test, closed after its last); `bind` receives it. */
export function useScenario(options: ScenarioOptions, bind: (scenario: Scenario) => void): void {
  useForSuite(() => startScenario(options), bind);
}

/** The `error` code of a redirect to `/auth/error`, or null when the response went anywhere else. */
export function errorCodeOf(response: BrowserResponse): string | null {
  if (response.location === null) return null;
  const location = new URL(response.location);
  return location.pathname === '/auth/error' ? location.searchParams.get('error') : null;
}

/** Asserts the user-visible outcome of a refused callback: a 302 to `/auth/error?error=<code>`. */
export function expectRefused(response: BrowserResponse, code: string): void {
  expect({ status: response.status, error: errorCodeOf(response) }).toEqual({ status: 302, error: code });
  // The failure also clears the state cookie(s): the flow cannot be resumed with them.
  expect(response.setCookies.some((header) => /^belgie_oauth_[^=]+_state(_marker)?=;/.test(header))).toBe(true);
}

/** Asserts a successful callback: a 302 that is not to the error page and that sets the session cookie. */
export function expectSignedIn(response: BrowserResponse): void {
  expect(response.status).toBe(302);
  expect(errorCodeOf(response)).toBeNull();
  expect(response.setCookies.some((header) => /^belgie_session=[^;]+;/.test(header))).toBe(true);
}

/** Replaces one query parameter of a URL (or removes it with `null`), keeping the others. */
export function withParam(url: URL, name: string, value: string | null): string {
  const copy = new URL(url.href);
  if (value === null) copy.searchParams.delete(name);
  else copy.searchParams.set(name, value);
  return copy.href;
}

/** Flips one character in the middle of a sealed value (keeps it well-formed base64url). */
export function tamper(value: string): string {
  const index = Math.floor(value.length / 2);
  const swapped = value.charAt(index) === 'A' ? 'B' : 'A';
  return value.slice(0, index) + swapped + value.slice(index + 1);
}
