import { ConfigurationError, OAuthError, StorageUnavailableError } from '../errors/oauth-error.js';
import type { OAuthRepository } from './oauth-repository.js';

/** Mistakes in code, not outages: they keep their type (and their 500) so bugs are not hidden as 503s. */
const PROGRAMMING_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError];

function coded(error: unknown): unknown {
  if (error instanceof OAuthError || error instanceof ConfigurationError) return error;
  if (PROGRAMMING_ERRORS.some((type) => error instanceof type)) return error;
  return new StorageUnavailableError({ cause: error });
}

/**
 * The repository with its failures coded: whatever the app's store throws (a driver error while the
 * database is unreachable, a pool timeout) becomes `StorageUnavailableError` (`storage_unavailable`),
 * which routes answer with 503 instead of a bare 500, with the driver's message (which may quote SQL
 * parameters: tokens, state values) kept out of responses and logs. Nothing is cached, so once the
 * store is back the next call simply works. Coded errors of the flows pass through unchanged.
 */
export function withStorageFailuresCoded(repository: OAuthRepository): OAuthRepository {
  // Keyed by the method itself, so a method replaced later (a test spy) is wrapped afresh.
  const wrapped = new WeakMap<object, unknown>();
  return new Proxy(repository, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      const cached = wrapped.get(value);
      if (cached !== undefined) return cached;
      const method = value as (...args: unknown[]) => unknown;
      const call = (...args: unknown[]): unknown => {
        let result: unknown;
        try {
          result = method.apply(target, args);
        } catch (error) {
          throw coded(error);
        }
        return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(coded(error))) : result;
      };
      wrapped.set(value, call);
      return call;
    },
  });
}
