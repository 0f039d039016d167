/**
 * Thrown by `LinkedAccountGuard` when the route asks to send the browser to the link flow instead of a
 * 403; `LinkRedirectFilter` turns it into a 302 (guards cannot answer with a redirect themselves).
 */
export class LinkRequiredRedirect extends Error {
  override readonly name = 'LinkRequiredRedirect';
  constructor(readonly location: string) {
    super('a linked account is required; redirecting to the link flow');
  }
}
