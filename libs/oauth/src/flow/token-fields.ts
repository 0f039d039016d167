import type { TokenCodec } from '../crypto/token-codec.js';
import type { AccountTokenFields } from '../persistence/records.js';
import type { OAuthTokenSet } from '../transport/token-set.js';

/** All seven token fields, always written together (spec §10.1); token strings go through the codec. */
export function encodeTokenFields(codec: TokenCodec, tokens: OAuthTokenSet): AccountTokenFields {
  return {
    accessToken: codec.encode(tokens.accessToken),
    refreshToken: codec.encode(tokens.refreshToken),
    idToken: codec.encode(tokens.idToken),
    accessTokenExpiresAt: tokens.accessTokenExpiresAt,
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
    scope: tokens.scope,
    tokenType: tokens.tokenType,
  };
}
