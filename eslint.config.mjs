// Flat config. Type-aware rules catch the async mistakes that matter in request handlers.
// Deliberately NOT enabled: consistent-type-imports — a type-only import of an injected class erases
// the runtime reference Nest's dependency injection needs (architecture.md).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', 'node_modules/**', 'coverage/**', 'test-artifacts/**', 'bench/dist/**', '**/*.mjs', '**/*.cjs',
    // Compiled and type-checked inside the generated compatibility apps, with their own TypeScript.
    'scripts/compat/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Empty interfaces are how apps declare their provider ids (declaration merging into
      // OAuthProviderRegistry); empty object *types* stay forbidden.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'always' }],
    },
  },
  {
    // One error model (#14): below the Nest-facing tier (http/, guards/, decorators/) code throws coded
    // OAuthErrors; HTTP statuses are decided by the table of codes (errors/error-codes.ts) and http/
    // turns coded errors into answers. dependency-cruiser sees modules, not names, hence this rule.
    files: ['libs/oauth/src/{flow,providers,transport,state,identity,persistence,crypto,options,errors,common,client,module}/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          group: ['@nestjs/common'],
          importNamePattern: '^(HttpStatus|\\w*Exception)$',
          message: 'No Nest HTTP exception below http/: throw an OAuthError whose code is in errors/error-codes.ts (its status comes from there).',
        }],
      }],
    },
  },
  {
    // Nest's own async factory signature is untyped by design.
    files: ['libs/oauth/src/module/oauth-module-options.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
