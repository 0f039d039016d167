import { IsArray, IsBoolean, IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { DocProperty } from '../openapi.js';

/** Generous bounds: a JWT from a real provider is a few KB; anything far larger is abuse, not a token. */
const MAX_TOKEN_LENGTH = 16_384;
const MAX_FIELD_LENGTH = 2_048;

/**
 * `POST signin/id-token` and `link/id-token` body (spec §4.3), camelCase only: the reference's
 * snake_case aliases are not accepted (port-decisions: camelCase JSON). Unknown fields are refused
 * by the validation pipe (`forbidNonWhitelisted`).
 */
export class IdTokenRequestDto {
  @DocProperty({
    type: String,
    description: 'ID token (JWT) issued by the provider to this client',
    minLength: 1,
    maxLength: MAX_TOKEN_LENGTH,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TOKEN_LENGTH)
  idToken!: string;

  @DocProperty({
    type: String,
    nullable: true,
    required: false,
    maxLength: MAX_FIELD_LENGTH,
    description: 'Nonce sent in the authorization request, checked against the token',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_FIELD_LENGTH)
  nonce?: string | null;

  @DocProperty({
    type: String,
    nullable: true,
    required: false,
    maxLength: MAX_TOKEN_LENGTH,
    description: 'Access token to store with the account',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TOKEN_LENGTH)
  accessToken?: string | null;

  @DocProperty({ type: String, nullable: true, required: false, maxLength: MAX_TOKEN_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TOKEN_LENGTH)
  refreshToken?: string | null;

  @DocProperty({ type: String, nullable: true, required: false, format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  accessTokenExpiresAt?: string | null;

  @DocProperty({ type: String, nullable: true, required: false, format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  refreshTokenExpiresAt?: string | null;

  @DocProperty({ type: String, nullable: true, required: false, maxLength: MAX_FIELD_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_FIELD_LENGTH)
  tokenType?: string | null;

  @DocProperty({
    type: String,
    nullable: true,
    required: false,
    maxLength: MAX_FIELD_LENGTH,
    description: 'Space-separated granted scopes',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_FIELD_LENGTH)
  scope?: string | null;

  @DocProperty({
    type: String,
    isArray: true,
    nullable: true,
    required: false,
    description: 'Granted scopes as a list',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(MAX_FIELD_LENGTH, { each: true })
  scopes?: string[] | null;

  @DocProperty({
    type: Boolean,
    nullable: true,
    required: false,
    description: 'Create the individual when unknown (sign-in only)',
  })
  @IsOptional()
  @IsBoolean()
  requestSignUp?: boolean | null;
}
