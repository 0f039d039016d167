import { Module } from '@nestjs/common';

/**
 * The demo's network edge: the `fetch` the OAuth module (its `fetch` option, through `forRootAsync`'s
 * `inject`) and the demo's own userinfo route call providers with. A provider like any other, so a test
 * swaps it the Nest way: `Test.createTestingModule(...).overrideProvider(DEMO_FETCH)`.
 */
export const DEMO_FETCH = Symbol('DEMO_FETCH');

/** Declares DEMO_FETCH once; the app and the OAuth module's async factory both import it. */
@Module({
  providers: [{ provide: DEMO_FETCH, useValue: globalThis.fetch.bind(globalThis) }],
  exports: [DEMO_FETCH],
})
export class DemoFetchModule {}
