import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';

// Fast guard for what `npm run compat` proves from a real tarball: the published package.json may
// only point at built files that `files` ships, and each of them must come from a source file.
const LIB = resolve(process.cwd(), 'libs/oauth');

interface Manifest {
  main: string;
  types: string;
  files: string[];
  typesVersions: Record<string, Record<string, string[]>>;
  exports: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  scripts: Record<string, string>;
  engines: { node: string };
}

const manifest = JSON.parse(readFileSync(resolve(LIB, 'package.json'), 'utf8')) as Manifest;

function exportTargets(): [string, string][] {
  return Object.entries(manifest.exports).flatMap(([entry, target]) =>
    typeof target === 'string' ? [[entry, target]] : Object.entries(target).map(([condition, file]): [string, string] => [`${entry} (${condition})`, file]),
  );
}

/** dist/a/b.js and dist/a/b.d.ts are compiled from src/a/b.ts. */
function sourceOf(target: string): string {
  return resolve(LIB, target.replace(/^\.\/dist\//, 'src/').replace(/(\.d)?\.ts$|\.js$/, '.ts'));
}

describe('@belgie/nestjs-oauth package.json', () => {
  it('points every entry (exports, main, types, typesVersions) at compiled output of an existing source file', () => {
    const typesVersions = Object.values(manifest.typesVersions).flatMap((paths) => Object.values(paths).flat());
    const targets = [...exportTargets().map(([, file]) => file), manifest.main, manifest.types, ...typesVersions]
      .filter((file) => file !== './package.json');
    for (const target of targets) {
      expect(target).toMatch(/^\.\/dist\/.+\.(js|d\.ts)$/);
      expect(existsSync(sourceOf(target))).toBe(true);
    }
    expect(manifest.files).toContain('dist');
  });

  it('has no export condition that would resolve to a file the tarball lacks (no source condition)', () => {
    for (const [entry] of exportTargets()) expect(entry).not.toMatch(/\((source|development)\)/);
    expect(manifest.files.filter((pattern) => pattern.startsWith('src'))).toEqual([]);
  });

  it('builds before packing and ships README and LICENSE', () => {
    expect(manifest.scripts['prepack']).toContain('npm run build');
    expect(manifest.files).toEqual(expect.arrayContaining(['README.md', 'LICENSE']));
    expect(existsSync(resolve(LIB, 'LICENSE'))).toBe(true);
  });

  it('depends on jose (an implementation detail) and keeps swagger and the HTTP platforms optional', () => {
    expect(manifest.dependencies?.['jose']).toBeDefined();
    expect(manifest.peerDependencies['jose']).toBeUndefined();
    for (const optional of ['@nestjs/swagger', '@nestjs/platform-express', '@nestjs/platform-fastify']) {
      expect(manifest.peerDependenciesMeta[optional]?.optional).toBe(true);
    }
  });

  it('declares the Node versions that can require() an ES module', () => {
    expect(manifest.engines.node).toBe('^20.19.0 || >=22.12.0');
  });
});
