import type { Clock } from '../common/clock.js';
import { ConfigurationError } from '../errors/oauth-error.js';
import { FailureCooldown } from './failure-cooldown.js';
import { isAllowedProviderUrl, providerFetch, readJsonObject, type TransportHttp } from './http.js';
import type { ProviderMetadata } from './metadata.js';
import { ProviderRequestError } from '../errors/transport-errors.js';

/** Metadata from configuration; null means "not configured" (discovery may supply it). */
export interface ManualMetadata {
  issuer: string | null;
  authorization_endpoint: string | null;
  token_endpoint: string | null;
  userinfo_endpoint: string | null;
  jwks_uri: string | null;
}

export interface MetadataResolverOptions {
  discoveryUrl: string | null;
  discoveryHeaders: Record<string, string>;
  ttlMs: number;
  manual: ManualMetadata;
}

const WELL_KNOWN_SUFFIX = '/.well-known/openid-configuration';
const ENDPOINT_KEYS = ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri'] as const;
/** After a failed refresh while a stale document is served, wait this long (at most the TTL) before retrying. */
const RETRY_AFTER_FAILURE_MS = 30_000;

/**
 * Metadata is read on every start, callback and validation: hand out one deeply frozen document
 * instead of a fresh copy per call (a caller that tried to mutate it would throw, not corrupt the cache).
 */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const entry of Object.values(value)) deepFreeze(entry);
  }
  return value;
}

/**
 * Resolves a provider's metadata (spec §6.3.1): manual values only, or the discovery document with the
 * non-null manual values laid over it. Discovery is cached for `ttlMs`, fetched once for concurrent
 * callers, and a stale document keeps being served while the provider is down.
 */
export class MetadataResolver {
  private cached: { document: ProviderMetadata; fetchedAt: number } | null = null;
  private manualDocument: ProviderMetadata | null = null;
  private inflight: Promise<ProviderMetadata> | null = null;
  private failedAt: number | null = null;
  private readonly coldFailures: FailureCooldown;

  constructor(
    private readonly options: MetadataResolverOptions,
    private readonly http: TransportHttp,
    private readonly clock: Clock,
  ) {
    this.coldFailures = new FailureCooldown(clock);
  }

  async resolve(): Promise<ProviderMetadata> {
    if (this.options.discoveryUrl === null) {
      this.manualDocument ??= deepFreeze({ ...this.options.manual });
      return this.manualDocument;
    }
    const now = this.clock.now().getTime();
    if (this.cached !== null && !this.isDue(now)) {
      return this.cached.document;
    }
    // Nothing cached and discovery failed a moment ago: answer from memory instead of asking again.
    if (this.cached === null && this.inflight === null) this.coldFailures.throwIfCooling();
    this.inflight ??= this.refresh(this.options.discoveryUrl).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private isDue(now: number): boolean {
    if (this.cached === null) {
      return true;
    }
    if (this.failedAt !== null && now - this.failedAt < Math.min(this.options.ttlMs, RETRY_AFTER_FAILURE_MS)) {
      return false;
    }
    return now - this.cached.fetchedAt >= this.options.ttlMs;
  }

  private async refresh(discoveryUrl: string): Promise<ProviderMetadata> {
    try {
      const document = deepFreeze(this.overlay(await this.fetchDocument(discoveryUrl)));
      this.cached = { document, fetchedAt: this.clock.now().getTime() };
      this.failedAt = null;
      this.coldFailures.clear();
      return document;
    } catch (error) {
      // A provider outage must not break sign-ins that could still work with the last good document.
      if (this.cached !== null) {
        this.failedAt = this.clock.now().getTime();
        return this.cached.document;
      }
      this.coldFailures.record(error);
      throw error;
    }
  }

  private async fetchDocument(discoveryUrl: string): Promise<Record<string, unknown>> {
    const response = await providerFetch(this.http, 'discovery', discoveryUrl, {
      method: 'GET',
      headers: { ...this.options.discoveryHeaders, Accept: 'application/json' },
    });
    if (!response.ok) {
      throw new ProviderRequestError({ endpoint: 'discovery', failure: 'http_status', status: response.status });
    }
    const document = await readJsonObject(response, 'discovery');
    checkDocument(discoveryUrl, document);
    return document;
  }

  private overlay(document: Record<string, unknown>): ProviderMetadata {
    const manual = this.options.manual;
    const merged: ProviderMetadata = {
      ...document,
      issuer: stringOrNull(document['issuer']),
      authorization_endpoint: stringOrNull(document['authorization_endpoint']),
      token_endpoint: stringOrNull(document['token_endpoint']),
      userinfo_endpoint: stringOrNull(document['userinfo_endpoint']),
      jwks_uri: stringOrNull(document['jwks_uri']),
    };
    for (const key of ['issuer', ...ENDPOINT_KEYS] as const) {
      const value = manual[key];
      if (value !== null) {
        merged[key] = value;
      }
    }
    return merged;
  }
}

/** The four endpoints we use plus any other `*_endpoint` the provider names (revocation, end session, ...). */
function isEndpointKey(key: string): boolean {
  return key === 'jwks_uri' || key.endsWith('_endpoint');
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * OIDC Discovery §4.3: the document's issuer must be the URL the document was fetched under, or a
 * document from one provider could pose as another's (mix-up). Every endpoint must be https (or
 * loopback http): an http token endpoint would leak the client secret and the code.
 */
function checkDocument(discoveryUrl: string, document: Record<string, unknown>): void {
  if (discoveryUrl.endsWith(WELL_KNOWN_SUFFIX)) {
    const expected = discoveryUrl.slice(0, -WELL_KNOWN_SUFFIX.length);
    // Discovery §4.1: a terminating `/` of the issuer is removed before the suffix is appended, so
    // `https://tenant.auth0.com/` is the issuer of `https://tenant.auth0.com/.well-known/...` (Auth0).
    if (document['issuer'] !== expected && document['issuer'] !== `${expected}/`) {
      throw new ProviderRequestError({
        endpoint: 'discovery',
        failure: 'invalid_response',
        detail: 'issuer does not match the discovery URL',
      });
    }
  }
  for (const [key, value] of Object.entries(document)) {
    if (!isEndpointKey(key) || value === undefined || value === null) {
      continue;
    }
    if (typeof value !== 'string') {
      throw new ProviderRequestError({ endpoint: 'discovery', failure: 'invalid_response', detail: `${key} is not a string` });
    }
    if (!isAllowedProviderUrl(value)) {
      throw new ProviderRequestError({ endpoint: 'discovery', failure: 'insecure_url', detail: `${key} is not an allowed URL` });
    }
  }
}

/** A metadata value the flow cannot do without; absence is a configuration problem (spec §6.3.1). */
export function requireMetadataValue(metadata: ProviderMetadata, key: 'authorization_endpoint' | 'token_endpoint'): string {
  const value = metadata[key];
  if (typeof value !== 'string' || value === '') {
    throw new ConfigurationError(`missing required provider metadata: ${key}`);
  }
  return value;
}
