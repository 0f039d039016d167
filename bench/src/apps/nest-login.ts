import { OAuthClient, type SignInUrlOptions } from '@belgie/nestjs-oauth';

/** What Nest's `@Redirect()` takes from a handler. */
export interface RedirectResult {
  url: string;
  statusCode: number;
}

/**
 * The one-hop start of issue 11: `client.startSignIn(response, options)` sets the state cookies on
 * the app's own response and returns the provider's authorization URL, so the start is one request
 * instead of two (login route → `/auth/provider/:id/start` trampoline → provider).
 */
interface OneHopClient {
  startSignIn?(response: unknown, options: SignInUrlOptions): Promise<RedirectResult>;
}

export type StartMode = 'one-hop' | 'trampoline';

function detectStartMode(): StartMode {
  const forced = process.env['BENCH_NEST_START'];
  if (forced === 'one-hop' || forced === 'trampoline') return forced;
  return typeof (OAuthClient.prototype as OneHopClient).startSignIn === 'function' ? 'one-hop' : 'trampoline';
}

/**
 * How the bench's Nest login route starts a sign-in: the one-hop start when the library on this
 * branch has it, else the start URL (two hops). Force one with BENCH_NEST_START=one-hop|trampoline.
 * If the one-hop method lands under another name, this detection (and `signInRedirect`) is the one
 * place to change.
 */
export const START_MODE: StartMode = detectStartMode();

export async function signInRedirect(client: OAuthClient, response: unknown, options: SignInUrlOptions): Promise<RedirectResult> {
  const oneHop = client as OneHopClient;
  if (START_MODE === 'one-hop' && oneHop.startSignIn) return oneHop.startSignIn(response, options);
  return { url: await client.signInUrl(options), statusCode: 302 };
}
