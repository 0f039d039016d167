export interface BrowserRequest {
  method?: string;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Extra request headers (e.g. `sec-fetch-site`). */
  headers?: Record<string, string>;
}

/**
 * Just enough of a browser for in-process tests of one origin: a cookie map (name → value; paths,
 * domains and lifetimes other than deletion are ignored) and redirects handled by the caller, or by
 * `follow` within the origin.
 */
export class CookieBrowser {
  private readonly cookies = new Map<string, string>();

  /** `base` resolves relative targets; absolute URLs work without it. */
  constructor(private readonly base?: string) {}

  async go(target: string, init: BrowserRequest = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (init.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(new URL(target, this.base), {
      method: init.method ?? 'GET',
      headers,
      body: init.form === undefined ? undefined : new URLSearchParams(init.form).toString(),
      redirect: 'manual',
    });
    for (const header of response.headers.getSetCookie()) this.store(header);
    return response;
  }

  /** Follows redirects (at most 10); returns the first response that is not a redirect, and its URL. */
  async follow(target: string, init: BrowserRequest = {}): Promise<{ response: Response; url: URL }> {
    let url = new URL(target, this.base);
    let response = await this.go(url.href, init);
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops += 1) {
      url = new URL(response.headers.get('location') ?? '/', url);
      response = await this.go(url.href);
    }
    return { response, url };
  }

  private store(header: string): void {
    const [pair = ''] = header.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    // A cleared cookie: empty, or expired by Max-Age=0 or an Expires in the past (the epoch, as servers send).
    if (value === '' || /max-age=0|expires=Thu, 01 Jan 1970/i.test(header)) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}
