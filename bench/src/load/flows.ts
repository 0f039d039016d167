import type { Contender } from '../ipc.js';
import type { ChainSpec } from './chain.js';

const TO_PROVIDER = /\/op\/authorize\?/;

/**
 * Benchmark 1: from the app's login link to the redirect at the provider. The module takes two
 * requests (login route → start trampoline, which plants the state cookies on our origin), the
 * others one: a "start" here is the whole chain, so req/s compares like with like for the user.
 */
export function signinStartSpec(kind: Contender): ChainSpec {
  return { firstPath: '/login/oidc', hops: kind === 'bare' || kind === 'passport' ? 1 : 2, finalLocation: TO_PROVIDER };
}

/** Benchmark 2: start → authorize → callback, ending on the app's post-sign-in redirect. */
export function signinRoundTripSpec(kind: Contender): ChainSpec {
  if (kind === 'passport') return { firstPath: '/login/oidc', hops: 3, finalLocation: /^\/$/ };
  if (kind === 'bare') throw new Error('the bare route has no sign-in round trip');
  return { firstPath: '/login/oidc', hops: 4, finalLocation: /\/welcome$/ };
}
