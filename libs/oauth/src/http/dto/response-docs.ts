import type {
  AccountInfoResponse,
  AccountResponse,
  IdTokenSignInResponse,
  IndividualResponse,
  NonceResponse,
  RefreshTokenResponse,
  StatusResponse,
  TokenResponse,
  UserInfoResponse,
} from '../account-responses.js';
import { DocProperty } from '../openapi.js';

/**
 * OpenAPI schemas of the JSON responses. Never instantiated: the routes return plain objects built by
 * account-responses.ts; `implements` keeps each schema class in step with the interface it documents.
 */

const ISO = { format: 'date-time', example: '2025-01-01T00:00:00.000Z' } as const;
const NULLABLE_STRING = { type: String, nullable: true } as const;
const NULLABLE_DATE = { type: String, nullable: true, ...ISO } as const;

/** Every refusal: `{ code, message }` (codes: spec §12, e.g. invalid_request, not_authenticated). */
export class OAuthErrorResponseDoc {
  @DocProperty({ type: String, example: 'invalid_request', description: 'Stable machine-readable error code' })
  code!: string;

  @DocProperty({ type: String, description: 'Human-readable message (never contains a token or secret)' })
  message!: string;
}

export class IndividualResponseDoc implements IndividualResponse {
  @DocProperty({ type: String }) id!: string;
  @DocProperty(NULLABLE_STRING) email!: string | null;
  @DocProperty({ type: Boolean }) emailVerified!: boolean;
  @DocProperty(NULLABLE_STRING) name!: string | null;
  @DocProperty(NULLABLE_STRING) image!: string | null;
  @DocProperty({ type: String, isArray: true }) scopes!: string[];
  @DocProperty({ type: String, ...ISO }) createdAt!: string;
  @DocProperty({ type: String, ...ISO }) updatedAt!: string;
}

/** A linked account as listed: presence flags instead of tokens. */
export class AccountResponseDoc implements AccountResponse {
  @DocProperty({ type: String }) id!: string;
  @DocProperty({ type: String }) individualId!: string;
  @DocProperty({ type: String, description: 'Provider id' }) provider!: string;
  @DocProperty({ type: String, description: 'Subject at the provider' }) providerAccountId!: string;
  @DocProperty(NULLABLE_DATE) accessTokenExpiresAt!: string | null;
  @DocProperty(NULLABLE_DATE) refreshTokenExpiresAt!: string | null;
  @DocProperty(NULLABLE_STRING) tokenType!: string | null;
  @DocProperty(NULLABLE_STRING) scope!: string | null;
  @DocProperty({ type: Boolean }) hasAccessToken!: boolean;
  @DocProperty({ type: Boolean }) hasRefreshToken!: boolean;
  @DocProperty({ type: Boolean }) hasIdToken!: boolean;
  @DocProperty({ type: String, ...ISO }) createdAt!: string;
  @DocProperty({ type: String, ...ISO }) updatedAt!: string;
}

export class AccountListResponseDoc {
  @DocProperty({ type: AccountResponseDoc, isArray: true }) accounts!: AccountResponseDoc[];
}

export class TokenResponseDoc implements TokenResponse {
  @DocProperty({ type: String }) provider!: string;
  @DocProperty({ type: String }) providerAccountId!: string;
  @DocProperty({ type: String, description: 'The provider access token (response is never cached)' }) accessToken!: string;
  @DocProperty(NULLABLE_STRING) tokenType!: string | null;
  @DocProperty(NULLABLE_STRING) scope!: string | null;
  @DocProperty(NULLABLE_DATE) accessTokenExpiresAt!: string | null;
  @DocProperty(NULLABLE_STRING) idToken!: string | null;
}

export class RefreshTokenResponseDoc extends TokenResponseDoc implements RefreshTokenResponse {
  @DocProperty(NULLABLE_STRING) refreshToken!: string | null;
  @DocProperty(NULLABLE_DATE) refreshTokenExpiresAt!: string | null;
}

export class UserInfoResponseDoc implements UserInfoResponse {
  @DocProperty({ type: String }) providerAccountId!: string;
  @DocProperty(NULLABLE_STRING) email!: string | null;
  @DocProperty({ type: Boolean }) emailVerified!: boolean;
  @DocProperty(NULLABLE_STRING) name!: string | null;
  @DocProperty(NULLABLE_STRING) image!: string | null;
  @DocProperty({ type: 'object', additionalProperties: true, description: 'The profile as the provider sent it' })
  raw!: Record<string, unknown>;
}

export class AccountInfoResponseDoc implements AccountInfoResponse {
  @DocProperty({ type: String }) provider!: string;
  @DocProperty({ type: String }) providerAccountId!: string;
  @DocProperty({ type: UserInfoResponseDoc }) user!: UserInfoResponseDoc;
}

export class StatusResponseDoc implements StatusResponse {
  @DocProperty({ type: Boolean, description: 'False when there was nothing to act on' }) status!: boolean;
  @DocProperty({ type: Boolean, enum: [false] }) redirect!: false;
}

export class NonceResponseDoc implements NonceResponse {
  @DocProperty({ type: String, description: 'Pass to the provider SDK as the nonce; send back with the ID token' }) nonce!: string;
  @DocProperty({ type: String, ...ISO }) expiresAt!: string;
}

export class IdTokenSignInResponseDoc implements IdTokenSignInResponse {
  @DocProperty({ type: Boolean, enum: [false] }) redirect!: false;
  @DocProperty({ type: String, description: 'Session token (also set as the session cookie)' }) token!: string;
  @DocProperty({ type: IndividualResponseDoc }) individual!: IndividualResponseDoc;
}
