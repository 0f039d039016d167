import { tokenBinding, type TokenCodec } from '../../crypto/token-codec.js';
import type { AccountTokenFields } from '../../persistence/records.js';
import type { OAuthTokenSet } from '../../transport/token-set.js';

/** The account row a token set is stored in (its ciphertexts are bound to it). */
export interface AccountRow {
  provider: string;
  providerAccountId: string;
}

/** All seven token fields, always written together (spec §10.1); token strings go through the codec. */
export function encodeTokenFields(codec: TokenCodec, row: AccountRow, tokens: OAuthTokenSet): AccountTokenFields {
  return {
    accessToken: codec.encode(tokens.accessToken, tokenBinding(row, 'accessToken')),
    refreshToken: codec.encode(tokens.refreshToken, tokenBinding(row, 'refreshToken')),
    idToken: codec.encode(tokens.idToken, tokenBinding(row, 'idToken')),
    accessTokenExpiresAt: tokens.accessTokenExpiresAt,
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
    scope: tokens.scope,
    tokenType: tokens.tokenType,
  };
}
