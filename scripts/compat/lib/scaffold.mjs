// Builds the compatibility apps in a temp dir from the packed tarballs: never from dist/ or src/.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './processes.mjs';

/** `npm pack`s each package (its `prepack` builds it) into `destination`; name -> tarball path. */
export async function packPackages(repo, packages, destination) {
  await mkdir(destination, { recursive: true });
  const tarballs = new Map();
  for (const { name, dir } of packages) {
    const manifest = JSON.parse(await readFile(join(repo, dir, 'package.json'), 'utf8'));
    if (manifest.name !== name) throw new Error(`${dir}/package.json is ${manifest.name}, expected ${name}`);
    await run('npm', ['pack', '--pack-destination', destination], { cwd: join(repo, dir) });
    // npm's tarball name: scope without '@', '/' -> '-', then the version.
    tarballs.set(name, join(destination, `${name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`));
  }
  return tarballs;
}

/** The code block right after `<!-- compat-check: <file> -->` in the README, by target file. */
export async function readmeSources(repo) {
  const readme = await readFile(join(repo, 'README.md'), 'utf8');
  const sources = new Map();
  const marked = /<!-- compat-check: (\S+) -->\s*```ts\n([\s\S]*?)```/g;
  for (const [, file, code] of readme.matchAll(marked)) sources.set(file, code);
  if (sources.size === 0) throw new Error('README.md has no <!-- compat-check: … --> code block');
  return sources;
}

/**
 * Copies the app template and the shared test files, writes the README's quick start into it, and
 * points every packed dependency (declared as "<tarball>") at its tarball.
 */
export async function scaffoldApp({ templates, app, directory, tarballs, sources }) {
  await cp(join(templates, 'apps', app.name), directory, { recursive: true });
  await cp(join(templates, 'shared'), directory, { recursive: true });
  for (const [file, code] of sources) await writeFile(join(directory, file), code);
  const manifestPath = join(directory, 'package.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  for (const section of ['dependencies', 'devDependencies']) {
    for (const [name, range] of Object.entries(manifest[section] ?? {})) {
      if (range !== '<tarball>') continue;
      const tarball = tarballs.get(name);
      if (tarball === undefined) throw new Error(`${app.name} wants ${name}, which is not in PACKAGES`);
      manifest[section][name] = `file:${tarball}`;
    }
  }
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}
