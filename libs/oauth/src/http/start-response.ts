import type { StartedFlow } from '../flow/sign-in/start-flow.js';
import { applyCookies, applyHeaders } from './http-adapter.js';
import { FLOW_RESPONSE_HEADERS } from './security-headers.js';

/** What a one-hop start returns: the value Nest's `@Redirect()` expects from a handler. */
export interface OAuthStartRedirect {
  /** The provider's authorization URL. */
  url: string;
  statusCode: 302;
}

/**
 * Writes a started flow's state cookies (and the flow's no-store / no-referrer headers) on an Express
 * or Fastify response. The redirect itself is left to the caller (the trampoline, or `@Redirect()`).
 */
export function writeStartedFlow(response: unknown, started: StartedFlow): OAuthStartRedirect {
  applyHeaders(response, FLOW_RESPONSE_HEADERS);
  applyCookies(response, started.cookies);
  return { url: started.url, statusCode: 302 };
}
