/** Plain records exchanged with a repository. Dates are `Date` instances in UTC. */
export interface IndividualRecord {
  id: string;
  email: string | null;
  emailVerifiedAt: Date | null;
  name: string | null;
  image: string | null;
  scopes: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface NewIndividual {
  email: string | null;
  emailVerifiedAt: Date | null;
  name: string | null;
  image: string | null;
}

export type IndividualPatch = Partial<Pick<IndividualRecord, 'name' | 'image' | 'emailVerifiedAt' | 'email'>>;

/** The session token itself is never stored: only its SHA-256 hash (hex). */
export interface SessionRecord {
  id: string;
  tokenHash: string;
  individualId: string;
  expiresAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewSession = Pick<SessionRecord, 'tokenHash' | 'individualId' | 'expiresAt' | 'ipAddress' | 'userAgent'>;

/** The seven token fields always written together (spec §10.1). Token strings are stored as encoded by the token codec. */
export interface AccountTokenFields {
  accessToken: string | null;
  refreshToken: string | null;
  idToken: string | null;
  accessTokenExpiresAt: Date | null;
  refreshTokenExpiresAt: Date | null;
  scope: string | null;
  tokenType: string | null;
}

export interface AccountRecord extends AccountTokenFields {
  id: string;
  individualId: string;
  provider: string;
  providerAccountId: string;
  createdAt: Date;
  updatedAt: Date;
}

export type StateIntent = 'signin' | 'link';

export interface StateRecord {
  state: string;
  provider: string;
  individualId: string | null;
  codeVerifier: string | null;
  nonce: string | null;
  intent: StateIntent;
  redirectUrl: string | null;
  errorRedirectUrl: string | null;
  newUserRedirectUrl: string | null;
  payload: unknown;
  requestSignUp: boolean;
  createdAt: Date;
  expiresAt: Date;
}
