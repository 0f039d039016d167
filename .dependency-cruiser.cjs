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
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: 'node_modules/(typeorm|better-sqlite3|pg)/' },
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
    exclude: { path: '(^|/)(dist|node_modules|test-artifacts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.spec.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default'] },
  },
};
