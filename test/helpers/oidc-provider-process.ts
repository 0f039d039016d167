import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** oidc-provider client metadata; the fixture defaults grant_types/response_types to code + refresh_token. */
export interface OidcClientConfig {
  client_id: string;
  client_secret?: string;
  /** 'client_secret_basic' (oidc-provider's default), 'client_secret_post', 'none', ... */
  token_endpoint_auth_method?: string;
  redirect_uris: string[];
  grant_types?: string[];
  response_types?: string[];
  [metadata: string]: unknown;
}

export interface OidcProviderConfig {
  clients: OidcClientConfig[];
  /** Fixed port; default 0 (any free port). */
  port?: number;
  /** Seconds; default 3600. */
  accessTokenTtl?: number;
  /** Seconds; default 3600. */
  idTokenTtl?: number;
  /** Seconds; default 14 days. */
  refreshTokenTtl?: number;
  /** Default true: every refresh grant returns a new refresh token and consumes the old one. */
  rotateRefreshToken?: boolean;
  /** Default: oidc-provider's rule (PKCE required for public clients only). */
  pkceRequired?: boolean;
  /**
   * The issuer's path below `http://127.0.0.1:<port>`, to look like a given IdP: `/realms/demo`
   * (Keycloak), `/oauth2/default` (Okta), `/` (Auth0, whose issuer ends with a slash). Default: none.
   */
  issuerPath?: string;
}

export interface RunningOidcProvider {
  /** `http://127.0.0.1:<port>` plus `issuerPath`; discovery at `<issuer without a trailing />/.well-known/openid-configuration`. */
  issuer: string;
  port: number;
  /** Child process id (e.g. to assert it is gone after stop()). */
  pid: number;
  /**
   * Requests seen since start/reset, keyed by oidc-provider route name ("discovery", "authorization",
   * "resume", "token", "jwks", "userinfo", "revocation", ...), plus "interaction" and, for the token
   * endpoint, "token:<grant_type>" (e.g. "token:authorization_code", "token:refresh_token").
   */
  counters(): Promise<Record<string, number>>;
  resetCounters(): Promise<void>;
  /** Kills the child process; resolves once it has exited. Idempotent. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 3_000;
const STDERR_LIMIT = 16_000;

/** Resolved from the repo root: Jest runs from /work/main, and import.meta.url is not reliable under Jest. */
export function oidcProviderScriptPath(): string {
  return resolve(process.cwd(), 'test/fixtures/oidc-provider/server.mjs');
}

interface ReadyLine {
  ready: true;
  port: number;
  issuer: string;
}

function parseReadyLine(line: string): ReadyLine | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  const { ready, port, issuer } = record;
  if (ready !== true || typeof port !== 'number' || typeof issuer !== 'string') return undefined;
  return { ready, port, issuer };
}

function childEnv(config: OidcProviderConfig): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OP_CONFIG: JSON.stringify(config) };
  // Jest's NODE_OPTIONS (--experimental-vm-modules) is meant for the test runner, not the fixture.
  delete env.NODE_OPTIONS;
  return env;
}

function waitForReady(child: ChildProcess, stderr: () => string): Promise<ReadyLine> {
  return new Promise<ReadyLine>((resolveReady, reject) => {
    let buffered = '';
    const fail = (reason: string): void => {
      cleanup();
      // stderr is only surfaced on failure; the fixture never writes tokens there.
      reject(new Error(`oidc-provider fixture ${reason}\n--- fixture stderr ---\n${stderr()}`));
    };
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      let newline = buffered.indexOf('\n');
      while (newline !== -1) {
        const ready = parseReadyLine(buffered.slice(0, newline).trim());
        buffered = buffered.slice(newline + 1);
        if (ready) {
          cleanup();
          resolveReady(ready);
          return;
        }
        newline = buffered.indexOf('\n');
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`exited before ready (code ${String(code)}, signal ${String(signal)})`);
    const onError = (error: Error): void => fail(`could not be spawned: ${error.message}`);
    const timer = setTimeout(() => fail(`not ready within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    function cleanup(): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('close', onExit);
      child.off('error', onError);
    }
    child.stdout?.on('data', onData);
    // 'close' (not 'exit'): it fires after stderr is fully read, so the error carries the whole message.
    child.once('close', onExit);
    child.once('error', onError);
  });
}

function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolveExit) => {
    const escalate = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(escalate);
      resolveExit();
    });
    child.stdin?.end();
    child.kill('SIGTERM');
  });
}

async function testRoute(issuer: string, path: string, method: 'GET' | 'POST'): Promise<Response> {
  const response = await fetch(`${issuer}/__test/${path}`, { method, signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`oidc-provider fixture ${method} /__test/${path} failed: ${response.status}`);
  return response;
}

function unrefStream(stream: unknown): void {
  // Child stdio pipes are net.Sockets at runtime, typed only as streams.
  if (typeof stream === 'object' && stream !== null && 'unref' in stream && typeof stream.unref === 'function') {
    stream.unref();
  }
}

function toCounters(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'number') out[key] = entry;
  }
  return out;
}

/** Starts a real oidc-provider in a child `node` process on 127.0.0.1. Always `stop()` it (e.g. in afterAll). */
export async function startOidcProvider(config: OidcProviderConfig): Promise<RunningOidcProvider> {
  // stdin stays a pipe: the fixture exits when it closes, so it dies with this process even on a crash.
  const child = spawn(process.execPath, [oidcProviderScriptPath()], {
    env: childEnv(config),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderrText = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrText = (stderrText + chunk.toString('utf8')).slice(-STDERR_LIMIT);
  });
  // Last resort when a test forgets stop(): 'exit' handlers must be synchronous, so just signal.
  const onParentExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', onParentExit);

  let ready: ReadyLine;
  try {
    ready = await waitForReady(child, () => stderrText);
  } catch (error) {
    process.off('exit', onParentExit);
    await killAndWait(child);
    throw error;
  }

  // Do not let a forgotten stop() keep Jest's worker alive: the 'exit' handler (and the fixture's own
  // stdin-closed check) still take the child down when this process ends.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) unrefStream(stream);

  let stopping: Promise<void> | undefined;
  return {
    issuer: ready.issuer,
    port: ready.port,
    pid: child.pid ?? -1,
    async counters() {
      const response = await testRoute(ready.issuer, 'counters', 'GET');
      return toCounters(await response.json());
    },
    async resetCounters() {
      const response = await testRoute(ready.issuer, 'reset-counters', 'POST');
      await response.arrayBuffer();
    },
    stop() {
      stopping ??= killAndWait(child).then(() => {
        process.off('exit', onParentExit);
      });
      return stopping;
    },
  };
}
