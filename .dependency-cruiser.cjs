/** Layer rules (architecture.md). CommonJS because dependency-cruiser loads its config with require. */
const SRC = '^libs/oauth/src/';
// Tests compose whatever they need; the direction rules are about the shipped code.
const TESTS = '[.](spec|spec-support|test-d)[.]ts$';
// The layers of libs/oauth/src, top to bottom (docs/architecture.md). Each may import only the ones below it
// (and its own tier): module (composition root) → nest-facing → flow → capabilities → base.
const NEST_FACING = '(http|guards|decorators|client)/';
const CAPABILITIES = '(providers|transport|state|identity|persistence|crypto|options)/';
const BASE = '(errors|common)/';

module.exports = {
  forbidden: [
    {
      name: 'layers-nothing-imports-the-composition-root',
      comment: 'module/ wires everything; nothing below it imports it (tokens and resolved options live in options/).',
      severity: 'error',
      from: { path: SRC, pathNot: [`${SRC}(module/|index[.]ts$)`, TESTS] },
      to: { path: `${SRC}module/` },
    },
    {
      name: 'layers-flow-and-below-stay-framework-free',
      comment: 'flow/ and the capabilities below it never import controllers, guards, decorators or the client facade.',
      severity: 'error',
      from: { path: `${SRC}(flow/|${CAPABILITIES}|${BASE})`, pathNot: TESTS },
      to: { path: `${SRC}${NEST_FACING}` },
    },
    {
      name: 'layers-capabilities-do-not-import-flow',
      comment: 'Providers, transport, state, identity, persistence, crypto and options serve flow/; they never call it.',
      severity: 'error',
      from: { path: `${SRC}(${CAPABILITIES}|${BASE})`, pathNot: TESTS },
      to: { path: `${SRC}flow/` },
    },
    {
      name: 'layers-base-imports-nothing-above',
      comment: 'errors/ and common/ are the floor: every layer may use them, they use none.',
      severity: 'error',
      from: { path: `${SRC}${BASE}`, pathNot: TESTS },
      to: { path: `${SRC}`, pathNot: `${SRC}${BASE}` },
    },
    {
      name: 'layers-only-the-composition-root-reads-the-whole-options',
      comment:
        'module/ builds the option slices (OAUTH_CLOCK, OAUTH_SESSION_SETTINGS, ...) from ResolvedModuleOptions; every other class injects only the slices it reads.',
      severity: 'error',
      from: { path: SRC, pathNot: [`${SRC}(module|options)/`, TESTS] },
      to: { path: `${SRC}options/resolved-module-options[.]ts$` },
    },
    {
      name: 'layers-flow-shared-is-the-floor-of-flow',
      comment: 'Inside flow/, shared/ (events, hooks, profile refresh, token fields) serves every capability folder and imports none.',
      severity: 'error',
      from: { path: `${SRC}flow/shared/`, pathNot: TESTS },
      to: { path: `${SRC}flow/`, pathNot: `${SRC}flow/shared/` },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'library-never-imports-apps',
      comment: 'The library is published alone: it must not depend on the demo or on tests.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^(apps|test|bench)/' },
    },
    {
      name: 'openid-client-only-in-transport',
      comment: 'Third-party protocol code is translated at one boundary (transport/).',
      severity: 'error',
      from: { path: '^libs/oauth/src/', pathNot: '^libs/oauth/src/transport/' },
      to: { path: 'openid-client' },
    },
    {
      name: 'no-orm-in-library',
      comment: 'The core library stays database-free; TypeORM and the drivers live in libs/oauth-typeorm.',
      severity: 'error',
      from: { path: '^libs/oauth/' },
      to: { path: 'node_modules/(typeorm|@nestjs/typeorm|better-sqlite3|pg|mysql2)/' },
    },
    {
      name: 'adapter-uses-the-core-public-api',
      comment: 'The adapter is published alone: it reaches the core only through its package exports.',
      severity: 'error',
      from: { path: '^libs/oauth-typeorm/' },
      to: { path: '^libs/oauth/src/', pathNot: '^libs/oauth/src/(index|testing/index)[.]ts$' },
    },
    {
      name: 'framework-objects-only-in-http',
      comment: 'Nothing below http/ knows Express or Fastify request objects.',
      severity: 'error',
      from: { path: '^libs/oauth/src/', pathNot: '^libs/oauth/src/http/' },
      to: { path: 'node_modules/(express|fastify|@nestjs/platform-express|@nestjs/platform-fastify)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules is not excluded (only not followed): excluding it would drop every dependency on a
    // package, and the no-orm-in-library rule could never fire.
    exclude: { path: '(^|/)(dist|test-artifacts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.spec.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default'] },
  },
};
