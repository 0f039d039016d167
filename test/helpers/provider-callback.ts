import type { TestBrowser } from './browser.js';

export interface CallbackDelivery {
  /** The app's origin: the chain stops at its first landing page. */
  baseUrl: string;
  /** The app's landing paths (success and error pages). */
  ends: readonly string[];
  /** The provider's page the browser comes from (cross-site: SameSite=Lax cookies travel on GET only). */
  from: string;
  /** The authorization response's `iss` parameter, when the provider sends one. */
  iss?: string | undefined;
}

/**
 * What the browser does after the person approved at a provider whose authorize page a test stands in
 * for: it opens the app's callback (`redirect_uri` of `authorizeUrl`) with `code` and the request's
 * `state`, with its cookies. Returns where the app landed the browser.
 */
export async function deliverCallback(browser: TestBrowser, authorizeUrl: URL, code: string, delivery: CallbackDelivery): Promise<URL> {
  const callback = new URL(authorizeUrl.searchParams.get('redirect_uri') ?? '');
  callback.searchParams.set('code', code);
  callback.searchParams.set('state', authorizeUrl.searchParams.get('state') ?? '');
  if (delivery.iss !== undefined) callback.searchParams.set('iss', delivery.iss);
  const trace = await browser.follow(callback.href, {
    init: { initiator: delivery.from },
    stopAt: (url) => url.origin === delivery.baseUrl && delivery.ends.includes(url.pathname),
  });
  if (!trace.stoppedAt) throw new Error(`callback ended with HTTP ${trace.final.status}`);
  return trace.stoppedAt;
}
