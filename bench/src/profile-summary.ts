import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  area: string;
  selfMs: number;
  /** Share of the busy (non-idle) time. */
  percent: number;
}

export interface ProfileSummary {
  busyMs: number;
  gcPercent: number;
  topFunctions: ProfileEntry[];
  areas: { area: string; selfMs: number; percent: number }[];
}

const NOT_BUSY = new Set(['(idle)', '(program)']);

/** Where a frame's code lives, coarse enough to name a cost owner. */
export function areaOf(frame: CallFrame): string {
  const url = frame.url;
  if (frame.functionName === '(garbage collector)') return 'V8 garbage collector';
  if (url === '') return 'native / V8 builtins';
  if (url.includes('/libs/oauth/')) return 'module (libs/oauth)';
  if (url.includes('/libs/oauth-typeorm/')) return 'TypeORM adapter (libs/oauth-typeorm)';
  if (url.includes('/apps/demo/')) return 'demo app';
  if (url.includes('/bench/')) return 'bench (OP stub, server)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) {
    if (pkg.startsWith('@nestjs/')) return 'NestJS';
    if (pkg === 'typeorm') return 'TypeORM';
    if (pkg === 'better-sqlite3') return 'better-sqlite3 (SQLite)';
    if (pkg === 'jose') return 'jose';
    if (['express', 'router', 'body-parser', 'qs', 'send', 'finalhandler'].includes(pkg)) return 'Express';
    return `npm: ${pkg}`;
  }
  if (url.startsWith('node:')) {
    const mod = url.slice('node:'.length).split('/')[1] ?? url.slice('node:'.length);
    if (/crypto/.test(url)) return 'node: crypto';
    if (/http|net|stream|undici|fetch|dns|tls/.test(url)) return 'node: http / net / streams / fetch';
    return `node: ${mod}`;
  }
  return 'other';
}

function shortUrl(url: string): string {
  const at = url.search(/libs\/oauth|apps\/demo|bench\/|node_modules\//);
  const tail = at === -1 ? url : url.slice(at);
  return tail.replace(/^file:\/\//, '');
}

/** Sample timestamps are µs on the process's monotonic clock (process.hrtime). */
export interface ProfileWindow {
  fromUs: number;
  toUs: number;
}

/**
 * Self time per function and per area from a V8 .cpuprofile (node --cpu-prof), counting only the
 * samples inside `window` so that bootstrap (module loading, compiling) does not pose as a hot path.
 */
export function summariseProfile(path: string, window: ProfileWindow, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByKey = new Map<string, { frame: CallFrame; ms: number }>();
  let busyMs = 0;
  let gcMs = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    const ms = delta / 1000;
    if (at < window.fromUs || at > window.toUs) return;
    if (!node || NOT_BUSY.has(node.callFrame.functionName)) return;
    busyMs += ms;
    if (node.callFrame.functionName === '(garbage collector)') gcMs += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`.trim();
    const entry = selfByKey.get(key);
    if (entry) entry.ms += ms;
    else selfByKey.set(key, { frame: node.callFrame, ms });
  });
  const pct = (ms: number) => (busyMs === 0 ? 0 : (100 * ms) / busyMs);
  const entries = [...selfByKey].map(([name, { frame, ms }]) => ({ name, area: areaOf(frame), selfMs: ms, percent: pct(ms) }));
  entries.sort((a, b) => b.selfMs - a.selfMs);
  const areaTotals = new Map<string, number>();
  for (const entry of entries) areaTotals.set(entry.area, (areaTotals.get(entry.area) ?? 0) + entry.selfMs);
  const areas = [...areaTotals]
    .map(([area, selfMs]) => ({ area, selfMs, percent: pct(selfMs) }))
    .sort((a, b) => b.selfMs - a.selfMs);
  return { busyMs, gcPercent: pct(gcMs), topFunctions: entries.slice(0, top), areas };
}
