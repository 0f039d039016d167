import { IsArray, IsBoolean, IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** Generous bounds: a JWT from a real provider is a few KB; anything far larger is abuse, not a token. */
const MAX_TOKEN_LENGTH = 16_384;
const MAX_FIELD_LENGTH = 2_048;

/**
 * `POST signin/id-token` and `link/id-token` body (spec §4.3), camelCase only: the reference's
 * snake_case aliases are not accepted (port-decisions: camelCase JSON). Unknown fields are refused
 * by the validation pipe (`forbidNonWhitelisted`).
 */
export class IdTokenRequestDto {
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TOKEN_LENGTH)
  idToken!: string;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_FIELD_LENGTH)
  nonce?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_TOKEN_LENGTH)
  accessToken?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_TOKEN_LENGTH)
  refreshToken?: string | null;

  @IsOptional()
  @IsISO8601({ strict: true })
  accessTokenExpiresAt?: string | null;

  @IsOptional()
  @IsISO8601({ strict: true })
  refreshTokenExpiresAt?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_FIELD_LENGTH)
  tokenType?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_FIELD_LENGTH)
  scope?: string | null;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(MAX_FIELD_LENGTH, { each: true })
  scopes?: string[] | null;

  @IsOptional()
  @IsBoolean()
  requestSignUp?: boolean | null;
}
