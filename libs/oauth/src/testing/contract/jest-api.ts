import type * as JestGlobals from '@jest/globals';

export type JestApi = Pick<typeof JestGlobals, 'describe' | 'it' | 'expect' | 'beforeEach' | 'afterEach'>;

/**
 * The contract suite runs inside Jest, so it takes Jest's globals when it is called instead of
 * importing `@jest/globals`: importing the testing entry (e.g. for `InMemoryOAuthRepository`) must
 * not require Jest to be installed.
 */
export function jestApi(): JestApi {
  const api = globalThis as unknown as Partial<JestApi>;
  if (!api.describe || !api.it || !api.expect || !api.beforeEach || !api.afterEach) {
    throw new Error('describeOAuthRepositoryContract must run inside Jest (with injectGlobals enabled)');
  }
  return api as JestApi;
}
