import { describe, expect, it } from '@jest/globals';
import { TestClock } from '@belgie/nestjs-oauth/testing';
import { TestBrowser } from '../helpers/browser.js';
import { useScenario, type Scenario } from '../helpers/signin-scenario.js';

/**
 * State-table flooding (issue 11 item 12): unauthenticated visitors can start flows and never finish them.
 * Each start is capped in size (see login-csrf.e2e.spec.ts), and abandoned rows are purged once expired,
 * so the table holds at most the last 10 minutes of starts.
 */
describe('abandoned starts do not accumulate (adapter state)', () => {
  const clock = new TestClock();
  let s: Scenario;

  useScenario({ stateStrategy: 'adapter', clock }, (started) => {
    s = started;
  });

  it('state table flood: 20 abandoned starts with maximal return targets are purged after they expire', async () => {
    clock.set(new Date());
    const returnTo = `/after?pad=${'a'.repeat(2048 - '/after?pad='.length)}`;
    const before = s.repository.counts().states;
    for (let i = 0; i < 20; i += 1) {
      const start = await new TestBrowser().request(`${s.baseUrl}/go/op?return_to=${encodeURIComponent(returnTo)}`);
      expect(start.status).toBe(302);
    }
    expect(s.repository.counts().states).toBe(before + 20);
    // Past the 10-minute lifetime (and the one-minute purge interval), the next start purges them all.
    clock.advance(11 * 60_000);
    await new TestBrowser().request(`${s.baseUrl}/go/op`);
    expect(s.repository.counts().states).toBe(1);
  });
});
