/** Layer rules (architecture.md). CommonJS because dependency-cruiser loads its config with require. */
module.exports = {
  forbidden: [
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
