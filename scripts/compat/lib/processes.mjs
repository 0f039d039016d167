// Child processes for the compatibility check: one-shot commands (output shown only on failure) and
// long-running servers (the OpenID Provider, a booted app) that are always stopped at the end.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const OUTPUT_LIMIT = 20_000;

/** The last OUTPUT_LIMIT characters of a child's stdout and stderr, interleaved. */
function captureOutput(child) {
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return () => output;
}

/** Runs a command to completion; rejects with its (tail of) output when it exits non-zero. */
export function run(command, args, { cwd, env = process.env, label = `${command} ${args.join(' ')}` } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = captureOutput(child);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(output());
      else reject(new Error(`${label} failed in ${cwd} (${signal ?? `exit ${code}`}):\n${output()}`));
    });
  });
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts a long-running process. `stop()` kills it (idempotent); `output()` is what it printed so far;
 * `exited` resolves with its exit code if it ends on its own.
 */
export function startProcess(command, args, { cwd, env = process.env } = {}) {
  const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const output = captureOutput(child);
  const exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    exited,
    output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Polls `url` until it answers at all (any status), the process dies, or `timeoutMs` passes. */
export async function waitForHttp(url, started, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void started.exited.then(() => {
    dead = true;
  });
  while (Date.now() < deadline && !dead) {
    try {
      await fetch(url, { redirect: 'manual' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${url} did not answer (${dead ? 'process exited' : 'timeout'}):\n${started.output()}`);
}
