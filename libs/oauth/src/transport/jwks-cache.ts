import { createLocalJWKSet, errors, type CryptoKey, type JSONWebKeySet, type JWSHeaderParameters } from 'jose';
import type { Clock } from '../common/clock.js';
import { FailureCooldown } from './failure-cooldown.js';
import { providerFetch, readJsonObject, type TransportHttp } from './http.js';
import { IdTokenValidationError, ProviderRequestError } from '../errors/transport-errors.js';

export interface JwksCacheOptions {
  /** Keys older than this are fetched again before use (default 10 min). */
  maxAgeMs?: number;
  /** Minimum gap between refetches caused by an unknown `kid` (default 5 s). */
  unknownKidCooldownMs?: number;
}

/** After a failed scheduled refresh (stale keys still served), wait this long, at most maxAge, before retrying. */
const RETRY_AFTER_FAILURE_MS = 30_000;

type KeyResolver = ReturnType<typeof createLocalJWKSet>;

interface KeySet {
  resolver: KeyResolver;
  fetchedAt: number;
  /** Sequence number of the fetch that produced this set. */
  seq: number;
}

/**
 * A provider's signing keys, cached (the reference refetched them on every validation). An unknown
 * `kid` means the provider rotated keys, so the set is fetched again at once, even right after a
 * scheduled fetch; concurrent callers share that one request, and only these unknown-kid refetches
 * are rate-limited, so a flood of tokens with made-up kids cannot turn us into a load generator.
 */
export class JwksCache {
  private keys: KeySet | null = null;
  private inflight: Promise<KeySet> | null = null;
  /** Sequence number of the last fetch started (tells a set fetched during a call from an older one). */
  private startedFetches = 0;
  private lastUnknownKidFetchAt: number | null = null;
  private failedAt: number | null = null;
  private readonly coldFailures: FailureCooldown;
  private readonly maxAgeMs: number;
  private readonly cooldownMs: number;

  constructor(
    private readonly jwksUri: string,
    private readonly http: TransportHttp,
    private readonly clock: Clock,
    options: JwksCacheOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.cooldownMs = options.unknownKidCooldownMs ?? 5_000;
    this.coldFailures = new FailureCooldown(clock);
  }

  /** The verification key for a JWS header; usable directly as jose's `getKey`. */
  async getKey(protectedHeader: JWSHeaderParameters): Promise<CryptoKey> {
    const seqAtEntry = this.startedFetches;
    const current = await this.currentKeys();
    const found = await selectKey(current.resolver, protectedHeader);
    if (found !== null) {
      return found;
    }
    // A set fetched after this call began is as fresh as it gets: refetching cannot help.
    const fetchedForThisCall = current.seq > seqAtEntry;
    if (fetchedForThisCall || !this.mayRefetchForUnknownKid()) {
      throw unknownKid();
    }
    const refreshed = await this.fetchOnce(true);
    const retried = await selectKey(refreshed.resolver, protectedHeader);
    if (retried === null) {
      throw unknownKid();
    }
    return retried;
  }

  private async currentKeys(): Promise<KeySet> {
    const now = this.clock.now().getTime();
    if (this.keys !== null && (now - this.keys.fetchedAt < this.maxAgeMs || this.inBackoff(now))) {
      return this.keys;
    }
    // Nothing cached and the last fetch failed a moment ago: answer from memory (single-flight covers
    // concurrent callers, this covers the ones that follow).
    if (this.keys === null) this.coldFailures.throwIfCooling();
    try {
      const keys = await this.fetchOnce(false);
      this.failedAt = null;
      this.coldFailures.clear();
      return keys;
    } catch (error) {
      // Scheduled refresh failed: keep verifying with the keys we have rather than failing sign-ins
      // during a provider outage, and wait a little before asking again.
      if (this.keys !== null) {
        this.failedAt = this.clock.now().getTime();
        return this.keys;
      }
      this.coldFailures.record(error);
      throw error;
    }
  }

  private inBackoff(now: number): boolean {
    return this.failedAt !== null && now - this.failedAt < Math.min(this.maxAgeMs, RETRY_AFTER_FAILURE_MS);
  }

  private mayRefetchForUnknownKid(): boolean {
    if (this.inflight !== null || this.lastUnknownKidFetchAt === null) {
      return true;
    }
    return this.clock.now().getTime() - this.lastUnknownKidFetchAt >= this.cooldownMs;
  }

  /** Single-flight: joins the request in progress, or starts one. */
  private fetchOnce(unknownKid: boolean): Promise<KeySet> {
    if (this.inflight !== null) {
      return this.inflight;
    }
    if (unknownKid) {
      this.lastUnknownKidFetchAt = this.clock.now().getTime();
    }
    this.startedFetches += 1;
    const seq = this.startedFetches;
    this.inflight = this.download(seq).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async download(seq: number): Promise<KeySet> {
    let resolver: KeyResolver;
    try {
      const response = await providerFetch(this.http, 'jwks', this.jwksUri, {
        method: 'GET',
        headers: { Accept: 'application/json, application/jwk-set+json' },
      });
      if (!response.ok) {
        throw new ProviderRequestError({ endpoint: 'jwks', failure: 'http_status', status: response.status });
      }
      const document = await readJsonObject(response, 'jwks');
      try {
        resolver = createLocalJWKSet(document as unknown as JSONWebKeySet);
      } catch (cause) {
        throw new ProviderRequestError({ endpoint: 'jwks', failure: 'invalid_response', detail: 'not a JSON Web Key Set' }, { cause });
      }
    } catch (cause) {
      throw new IdTokenValidationError('jwks', 'could not fetch the provider signing keys', { cause });
    }
    const keys: KeySet = { resolver, fetchedAt: this.clock.now().getTime(), seq };
    this.keys = keys;
    return keys;
  }
}

function unknownKid(): IdTokenValidationError {
  return new IdTokenValidationError('kid', 'no provider signing key matches the id token header');
}

/**
 * Picks the key for the header: null when none matches (maybe rotated), an error when several match.
 * Several candidates (no `kid`, or a duplicated one) are rejected rather than tried one by one:
 * the header must identify exactly one key.
 */
export async function selectKey(resolver: KeyResolver, header: JWSHeaderParameters): Promise<CryptoKey | null> {
  try {
    return await resolver(header);
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey) {
      return null;
    }
    if (error instanceof errors.JWKSMultipleMatchingKeys) {
      throw new IdTokenValidationError('kid', 'several provider signing keys match the id token header', { cause: error });
    }
    if (error instanceof errors.JOSENotSupported) {
      throw new IdTokenValidationError('alg', 'id token algorithm is not supported', { cause: error });
    }
    throw new IdTokenValidationError('jwks', 'provider signing key could not be used', { cause: error });
  }
}
