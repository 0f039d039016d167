/**
 * Sent on start and callback responses: nothing about the flow may be cached by a shared cache, and
 * the URL (which carries the code or the start token) must not leak through the Referer header.
 */
export const FLOW_RESPONSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'referrer-policy': 'no-referrer',
});
