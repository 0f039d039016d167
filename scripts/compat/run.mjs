// Compatibility check (npm run compat): the PACKED library, installed from its tarball into apps
// generated outside the repository, must compile, boot, sign in against oidc-provider and pass one
// Jest e2e test in
//   - nest11-cjs: a `nest new`-style CommonJS NestJS 11 app (TypeScript 5.8, ts-jest with the README's
//     transformIgnorePatterns recipe, no @nestjs/swagger: the optional peer must be optional), also
//     type-checked with moduleResolution "node";
//   - nest12-esm: an ESM NestJS 12 app (TypeScript 5.9, ts-jest in ESM mode, @nestjs/swagger installed).
// Both apps' src/app.module.ts is the README's quick start, verbatim.
// Needs Node >= 22.18 (it loads shared/test/sign-in.ts with Node's type stripping); scripts/compat/run.sh
// brings one. KEEP_TMP=1 keeps the temp dir for inspection.
import assert from 'node:assert/strict';
import { lstat, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOidcProvider } from './lib/oidc-provider.mjs';
import { freePort, run, startProcess, waitForHttp } from './lib/processes.mjs';
import { packPackages, readmeSources, scaffoldApp } from './lib/scaffold.mjs';

const TEMPLATES = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(TEMPLATES, '../..');

// The packages under test, packed with `npm pack`. Another package (e.g. the TypeORM adapter in
// libs/oauth-typeorm) is one more line here plus `"<name>": "<tarball>"` in an app's package.json.
const PACKAGES = [{ name: '@belgie/nestjs-oauth', dir: 'libs/oauth' }];

const APPS = [
  { name: 'nest11-cjs', nestMajor: 11, main: 'dist/main', absent: ['@nestjs/swagger'], typechecks: ['build', 'typecheck:node10'] },
  { name: 'nest12-esm', nestMajor: 12, main: 'dist/main.js', absent: [], typechecks: ['build'] },
];

const OAUTH_SECRET = 'compat-check-secret-0123456789-abcdefghij';

if (process.features.typescript === undefined) {
  throw new Error(`Node ${process.version} cannot strip TypeScript types: run with Node >= 22.18 (npm run compat)`);
}
const { assertSignedIn, signIn } = await import('./shared/test/sign-in.ts');

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;
const step = (message) => console.log(`[${elapsed()}] ${message}`);

const work = await mkdtemp(join(tmpdir(), 'belgie-oauth-compat-'));
assert.ok(!work.startsWith(`${REPO}/`), 'the temp dir must be outside the repository');
const cleanups = [];
try {
  step(`Node ${process.version}; packing ${PACKAGES.map((p) => p.name).join(', ')} into ${work}`);
  const tarballs = await packPackages(REPO, PACKAGES, join(work, 'tarballs'));
  const sources = await readmeSources(REPO);

  const apps = await Promise.all(APPS.map(async (app) => ({
    ...app,
    directory: join(work, app.name),
    port: await freePort(),
    clientId: `compat-${app.name}`,
    clientSecret: `compat-${app.name}-client-secret`,
  })));

  // Installs run in parallel: they wait on the registry (or its cache) more than on the CPU.
  step(`installing ${apps.map((app) => app.name).join(' and ')} from the npm registry`);
  await Promise.all(apps.map(async (app) => {
    await scaffoldApp({ templates: TEMPLATES, app, directory: app.directory, tarballs, sources });
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app.directory });
    await checkInstall(app);
  }));

  const op = await startOidcProvider(REPO, apps.map((app) => ({
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri: `http://127.0.0.1:${app.port}/auth/provider/oidc/callback`,
  })));
  cleanups.push(op.stop);

  for (const app of apps) {
    const env = {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: String(app.port),
      BASE_URL: `http://127.0.0.1:${app.port}`,
      OAUTH_SECRET,
      OIDC_ISSUER: op.issuer,
      OIDC_CLIENT_ID: app.clientId,
      OIDC_CLIENT_SECRET: app.clientSecret,
    };
    for (const script of app.typechecks) {
      step(`${app.name}: npm run ${script}`);
      await run('npm', ['run', script], { cwd: app.directory, env });
    }

    step(`${app.name}: node ${app.main}, then a sign-in over HTTP`);
    const booted = startProcess(process.execPath, [app.main], { cwd: app.directory, env });
    try {
      await waitForHttp(`${env.BASE_URL}/me`, booted);
      assertSignedIn(await signIn(env.BASE_URL), 'alice@example.com');
    } finally {
      await booted.stop();
    }

    step(`${app.name}: npm run test:e2e (Jest)`);
    await run('npm', ['run', 'test:e2e'], { cwd: app.directory, env });
  }
  step(`OK: ${APPS.map((app) => `${app.name} (NestJS ${app.nestMajor})`).join(', ')} work with the packed tarball`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
  if (process.env.KEEP_TMP === '1') console.log(`kept ${work}`);
  else await rm(work, { recursive: true, force: true });
}

/** The tarball, not a link into the repo; the expected Nest major; optional peers really absent. */
async function checkInstall(app) {
  const modules = join(app.directory, 'node_modules');
  for (const name of PACKAGES.map((p) => p.name)) {
    const installed = join(modules, name);
    if ((await lstat(installed).catch(() => null))?.isDirectory() !== true) {
      throw new Error(`${app.name}: ${name} is not an extracted directory (a link into the repo?)`);
    }
  }
  const nest = JSON.parse(await readFile(join(modules, '@nestjs/core/package.json'), 'utf8'));
  assert.equal(Number(nest.version.split('.')[0]), app.nestMajor, `${app.name}: @nestjs/core ${nest.version}`);
  for (const name of app.absent) {
    if (await lstat(join(modules, name)).catch(() => null)) throw new Error(`${app.name}: ${name} must not be installed`);
  }
}
