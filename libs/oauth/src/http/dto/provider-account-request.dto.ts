import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { OAuthError } from '../../errors/oauth-error.js';
import { DocProperty } from '../openapi.js';

const MAX_ACCOUNT_ID_LENGTH = 512;

/** `{ providerAccountId? }` body of `unlink`, `access-token` and `refresh-token` (spec §4.6–4.8). */
export class ProviderAccountRequestDto {
  @DocProperty({
    type: String,
    nullable: true,
    required: false,
    minLength: 1,
    maxLength: MAX_ACCOUNT_ID_LENGTH,
    description: 'Which linked account; omitted = the only account with this provider',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_ACCOUNT_ID_LENGTH)
  providerAccountId?: string | null;
}

/**
 * `GET account-info?providerAccountId=` (spec §4.9). Other query parameters are ignored (cache
 * busters are common on GETs); a repeated or over-long id is refused rather than guessed at.
 */
export function providerAccountIdFromQuery(value: unknown): string | null {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string' || value.length > MAX_ACCOUNT_ID_LENGTH) {
    throw new OAuthError('invalid_request', 'invalid request: providerAccountId must be a single string');
  }
  return value;
}
