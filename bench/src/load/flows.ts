import type { Contender } from '../ipc.js';
import { followChain } from '../signin-client.js';
import type { ChainSpec } from './chain.js';

const TO_PROVIDER = /\/op\/authorize\?/;
const FIRST_PATH = '/login/oidc';

/** Where each contender's round trip ends: its post-sign-in page for a new user. */
function roundTripEnd(kind: Contender): RegExp {
  if (kind === 'bare') throw new Error('the bare route has no sign-in round trip');
  return kind === 'passport' ? /^\/$/ : /\/welcome$/;
}

/**
 * Follows one chain with fetch to learn how many requests it takes on this branch: the module's
 * start is two (login route → start trampoline → provider) or one with the one-hop start, the others
 * one. A "start" or a "sign-in" is the whole chain, so rates compare what a user waits for.
 */
async function probe(baseUrl: string, finalLocation: RegExp): Promise<ChainSpec> {
  const { hops, crossOrigin } = await followChain(baseUrl, FIRST_PATH, (location) => finalLocation.test(location));
  return { firstPath: FIRST_PATH, hops, finalLocation, crossOrigin };
}

/** The whole start path: from the app's login link to the redirect at the provider's /authorize. */
export function signInStartSpec(baseUrl: string): Promise<ChainSpec> {
  return probe(baseUrl, TO_PROVIDER);
}

/** The full sign-in round trip: start → authorize → callback, ending on the app's post-sign-in redirect. */
export function signInRoundTripSpec(baseUrl: string, kind: Contender): Promise<ChainSpec> {
  return probe(baseUrl, roundTripEnd(kind));
}
