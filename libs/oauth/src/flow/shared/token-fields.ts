import type { TokenCodec, TokenColumn } from '../../crypto/token-codec.js';
import type { AccountTokenFields } from '../../persistence/records.js';
import type { OAuthTokenSet } from '../../transport/token-set.js';

/** The account row a token set is stored in (its ciphertexts are bound to it). */
export interface AccountRow {
  provider: string;
  providerAccountId: string;
}

/** All seven token fields, always written together (spec §10.1); token strings go through the codec. */
export function encodeTokenFields(codec: TokenCodec, row: AccountRow, tokens: OAuthTokenSet): AccountTokenFields {
  const at = (column: TokenColumn) => ({ provider: row.provider, providerAccountId: row.providerAccountId, column });
  return {
    accessToken: codec.encode(tokens.accessToken, at('accessToken')),
    refreshToken: codec.encode(tokens.refreshToken, at('refreshToken')),
    idToken: codec.encode(tokens.idToken, at('idToken')),
    accessTokenExpiresAt: tokens.accessTokenExpiresAt,
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
    scope: tokens.scope,
    tokenType: tokens.tokenType,
  };
}
