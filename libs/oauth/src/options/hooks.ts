import type { IndividualRecord } from '../persistence/records.js';
import type { StateRecord } from '../persistence/records.js';

/** What the hooks learn about the request that triggered them. */
export interface OAuthHookContext {
  providerId: string;
  /** The framework request object (Express or Fastify). */
  request: unknown;
  /** The consumed state of a redirect flow (null for direct ID-token flows). */
  state: StateRecord | null;
  /** The app payload given to `signInUrl`/`linkUrl`, if any. */
  payload: unknown;
}

export interface AuthenticatedProfile {
  provider: string;
  providerAccountId: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  image: string | null;
}

/**
 * App hooks. A hook that throws is logged and ignored (as in the reference): a failing
 * analytics call must not undo a sign-in that already happened.
 */
export interface OAuthHooks {
  afterAuthenticate?(event: OAuthHookContext & { individual: IndividualRecord; profile: AuthenticatedProfile }): unknown;
  afterSignUp?(event: OAuthHookContext & { individual: IndividualRecord }): unknown;
  afterUpdateIndividual?(
    event: OAuthHookContext & { previous: IndividualRecord; individual: IndividualRecord },
  ): unknown;
}
