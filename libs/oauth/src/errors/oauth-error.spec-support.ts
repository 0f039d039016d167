/**
 * Spec helpers that catch the OAuthError a call must fail with. Test-only: the `*.spec-support.ts` name
 * keeps it out of the library build (tsconfig.lib.json).
 */
import { OAuthError } from './oauth-error.js';

/** The OAuthError `run` throws; returning normally or throwing anything else fails the test. */
export function thrownOAuthError(run: () => unknown): OAuthError {
  try {
    run();
  } catch (error) {
    if (error instanceof OAuthError) return error;
    throw error;
  }
  throw new Error('expected an OAuthError');
}

/** The OAuthError `promise` rejects with; resolving or rejecting with anything else fails the test. */
export async function rejectedOAuthError(promise: Promise<unknown>): Promise<OAuthError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OAuthError) return error;
    throw error;
  }
  throw new Error('expected an OAuthError');
}
