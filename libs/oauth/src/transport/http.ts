import { ConfigurationError } from '../errors/oauth-error.js';
import { ProviderRequestError, type ProviderEndpoint } from '../errors/transport-errors.js';

/** The network edge of the transport: an injectable `fetch`, the per-request timeout and the body cap. */
export interface TransportHttp {
  fetch: typeof fetch;
  timeoutMs: number;
  /** Largest response body read from the provider (default {@link DEFAULT_MAX_RESPONSE_BYTES}). */
  maxResponseBytes?: number;
}

export const DEFAULT_PROVIDER_TIMEOUT_MS = 10_000;

/** 1 MiB: far above any real discovery document, key set, token or userinfo response. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

// Duck-typed on purpose: the DOMException may come from another realm (undici, Jest's VM).
function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && error.name === 'TimeoutError';
}

/**
 * One request to the identity provider, bounded by `timeoutMs` (a hanging provider must not hold a
 * sign-in request forever). Network failures and timeouts become `ProviderRequestError`s; the
 * response is returned whatever its status, callers decide what a status means.
 */
export async function providerFetch(
  http: TransportHttp,
  endpoint: ProviderEndpoint,
  url: string,
  init: RequestInit,
): Promise<ProviderResponse> {
  // Checked on every request, not only at bootstrap: discovered endpoints and hook-supplied URLs too.
  if (!isAllowedProviderUrl(url)) {
    throw new ProviderRequestError({ endpoint, failure: 'insecure_url' });
  }
  const timeout = AbortSignal.timeout(http.timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  let response: Response;
  try {
    // redirect 'manual': a redirect could move credentials or a bearer token to another host or
    // downgrade to http; providers answer these endpoints directly, so a 3xx is treated as an error.
    response = await http.fetch(url, { redirect: 'manual', ...init, signal });
  } catch (error) {
    if (isTimeout(error) || timeout.aborted) {
      throw new ProviderRequestError({ endpoint, failure: 'timeout' }, { cause: error });
    }
    throw new ProviderRequestError({ endpoint, failure: 'network' }, { cause: error });
  }
  return capBody(response, endpoint, http.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
}

/** A body that says up front it is over the cap is refused before a byte of it is read. */
function refuseDeclaredOverCap(response: Response, endpoint: ProviderEndpoint, limit: number): void {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    void response.body?.cancel().catch(() => undefined);
    throw tooLarge(endpoint, limit);
  }
}

function tooLarge(endpoint: ProviderEndpoint, limit: number): ProviderRequestError {
  return new ProviderRequestError({ endpoint, failure: 'response_too_large', detail: `more than ${limit} bytes` });
}

/**
 * The provider's answer as the transport reads it: status and headers at once; the body only
 * through `text()` / `arrayBuffer()`, which count what they read and stop at the cap (or through
 * `body` to cancel it unread).
 */
export interface ProviderResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: Headers;
  readonly body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * A provider (or whoever answers in its name) must not make us buffer and parse an unbounded body: a
 * 400 MB "key set" costs memory and CPU on every validation. A declared length over the cap is refused
 * before reading; a body without one (or lying about it, or compressed) is counted as it is read and
 * cut at the cap. Read with the stream's own reader (a TransformStream and a second Response per
 * request cost more than the count itself on the sign-in's token request).
 */
function capBody(response: Response, endpoint: ProviderEndpoint, limit: number): ProviderResponse {
  refuseDeclaredOverCap(response, endpoint, limit);
  return new CappedResponse(response, () => tooLarge(endpoint, limit), limit);
}

class CappedResponse implements ProviderResponse {
  constructor(
    private readonly response: Response,
    private readonly tooLarge: () => ProviderRequestError,
    private readonly limit: number,
  ) {}

  get ok(): boolean {
    return this.response.ok;
  }

  get status(): number {
    return this.response.status;
  }

  get headers(): Headers {
    return this.response.headers;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.response.body;
  }

  async text(): Promise<string> {
    // TextDecoder, like Response.text(): UTF-8 with a leading BOM removed, bad sequences replaced.
    return new TextDecoder().decode(await this.bytes());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  private async bytes(): Promise<Uint8Array> {
    const body = this.response.body;
    if (body === null) return new Uint8Array(0);
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let seen = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen += value.byteLength;
      if (seen > this.limit) {
        void reader.cancel().catch(() => undefined);
        throw this.tooLarge();
      }
      chunks.push(value);
    }
    return chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks);
  }
}

/**
 * The `fetch` provider hooks receive (`ProviderHttpContext.fetch`): the app's fetch with the same body
 * cap as the transport's own requests, so a hook that reads a provider's answer (a replaced token or
 * userinfo request) cannot be made to buffer an unbounded body either. It stays a real `fetch` (hooks
 * call `.json()` on what it returns): a declared length over the cap is refused before reading, and the
 * body is counted by a stream that fails past the cap, whatever the header says.
 */
export function hookFetch(http: TransportHttp, endpoint: ProviderEndpoint): typeof fetch {
  const limit = http.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return async (input, init) => {
    const response = await http.fetch(input, init);
    refuseDeclaredOverCap(response, endpoint, limit);
    if (response.body === null) return response;
    let seen = 0;
    const counted = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength;
          if (seen > limit) controller.error(tooLarge(endpoint, limit));
          else controller.enqueue(chunk);
        },
      }),
    );
    return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** Reads the body as text; a stalled body hits the same timeout as the request. */
async function readBody(response: ProviderResponse, endpoint: ProviderEndpoint): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    if (error instanceof ProviderRequestError) throw error;
    const failure = isTimeout(error) ? 'timeout' : 'network';
    throw new ProviderRequestError({ endpoint, failure }, { cause: error });
  }
}

export type JsonBody = { kind: 'object'; value: Record<string, unknown> } | { kind: 'other' } | { kind: 'not_json' };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses the body without judging it, for endpoints where an error body matters (token endpoint). */
export async function readJsonBody(response: ProviderResponse, endpoint: ProviderEndpoint): Promise<JsonBody> {
  const text = await readBody(response, endpoint);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'not_json' };
  }
  return isPlainObject(parsed) ? { kind: 'object', value: parsed } : { kind: 'other' };
}

/** The body as a JSON object, else `invalid_response`. */
export async function readJsonObject(response: ProviderResponse, endpoint: ProviderEndpoint): Promise<Record<string, unknown>> {
  const body = await readJsonBody(response, endpoint);
  if (body.kind !== 'object') {
    const detail = body.kind === 'not_json' ? 'body is not JSON' : 'body is not a JSON object';
    throw new ProviderRequestError({ endpoint, failure: 'invalid_response', detail });
  }
  return body.value;
}

function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') {
    return true;
  }
  // The URL parser normalises IPv4 literals ("127.1" → "127.0.0.1"), so a dotted quad check is enough.
  const match = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  return match !== null && match.slice(1).every((part) => Number(part) <= 255);
}

/**
 * https only, except http to loopback (local development IdPs). Plain http to a real host would
 * expose client secrets, codes and tokens on the wire and let a network attacker forge metadata,
 * keys and ID tokens. URLs carrying credentials are refused too.
 */
export function isAllowedProviderUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return false;
  }
  if (parsed.protocol === 'https:') {
    return parsed.hostname !== '';
  }
  return parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
}

/** Bootstrap twin of {@link isAllowedProviderUrl}. The URL itself is not echoed (it may carry credentials). */
export function assertProviderUrl(url: string, what: string): void {
  if (!isAllowedProviderUrl(url)) {
    throw new ConfigurationError(`${what} must be an https URL (http is allowed only for loopback hosts)`);
  }
}
