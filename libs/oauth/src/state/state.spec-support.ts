/**
 * Fixtures shared by the state-store specs (and the in-memory repository spec). Test-only: the
 * `*.spec-support.ts` name keeps it out of the library build (tsconfig.lib.json).
 */
import type { StateRecord } from '../persistence/records.js';

/** When the fixture states are created. */
export const T0 = new Date('2025-01-01T12:00:00.000Z');
/** Ten minutes after T0: when the fixture states expire. */
export const EXPIRES = new Date(T0.getTime() + 600_000);

/**
 * A sign-in state for provider `google` with every optional field null, created at T0 and expiring at
 * EXPIRES; `fields` override any of it.
 */
export function stateFixture(fields: Partial<StateRecord> = {}): StateRecord {
  return {
    state: 'state-1',
    provider: 'google',
    individualId: null,
    codeVerifier: null,
    nonce: null,
    intent: 'signin',
    redirectUrl: null,
    errorRedirectUrl: null,
    newUserRedirectUrl: null,
    payload: null,
    requestSignUp: false,
    createdAt: T0,
    expiresAt: EXPIRES,
    ...fields,
  };
}

