/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// SWC transpiles TypeScript (legacy decorators + metadata for Nest DI); tsc -b type-checks separately.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
] as const;

const config: Config = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc as unknown as [string, Record<string, unknown>] },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // Tests run the library from source (no build); tsconfig.spec.json maps the same two names.
    '^@belgie/nestjs-oauth$': '<rootDir>/libs/oauth/src/index.ts',
    '^@belgie/nestjs-oauth/testing$': '<rootDir>/libs/oauth/src/testing/index.ts',
  },
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  modulePathIgnorePatterns: ['<rootDir>/libs/oauth/dist', '<rootDir>/libs/oauth-typeorm/dist', '<rootDir>/apps/demo/dist'],
  testTimeout: 30_000,
  // In CI, name every test, so the log shows which suites ran (e.g. the PostgreSQL ones).
  verbose: process.env['CI'] === 'true',
  reporters: ['default', '<rootDir>/test/support/plain-summary-reporter.mjs'],
};

export default config;
