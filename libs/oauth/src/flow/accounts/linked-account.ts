import { tokenBinding, type TokenCodec } from '../../crypto/token-codec.js';
import type { AccountRecord } from '../../persistence/records.js';

/** A linked account with decrypted tokens (spec §3.7 OAuthLinkedAccount). */
export interface OAuthLinkedAccount {
  readonly id: string;
  readonly individualId: string;
  readonly provider: string;
  readonly providerAccountId: string;
  readonly accessToken: string | null;
  readonly refreshToken: string | null;
  readonly idToken: string | null;
  readonly accessTokenExpiresAt: Date | null;
  readonly refreshTokenExpiresAt: Date | null;
  readonly tokenType: string | null;
  readonly scope: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export function decodeAccount(codec: TokenCodec, account: AccountRecord): OAuthLinkedAccount {
  return Object.freeze({
    id: account.id,
    individualId: account.individualId,
    provider: account.provider,
    providerAccountId: account.providerAccountId,
    accessToken: codec.decode(account.accessToken, tokenBinding(account, 'accessToken')),
    refreshToken: codec.decode(account.refreshToken, tokenBinding(account, 'refreshToken')),
    idToken: codec.decode(account.idToken, tokenBinding(account, 'idToken')),
    accessTokenExpiresAt: account.accessTokenExpiresAt,
    refreshTokenExpiresAt: account.refreshTokenExpiresAt,
    tokenType: account.tokenType,
    scope: account.scope,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  });
}
