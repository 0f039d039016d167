/** Immutable token set (spec §3.7). Built by `tokenSetFromResponse` / `tokenSetFromIdToken` / `tokenSetFromAccount`. */
export interface OAuthTokenSet {
  readonly accessToken: string | null;
  readonly tokenType: string | null;
  readonly refreshToken: string | null;
  readonly scope: string | null;
  readonly idToken: string | null;
  readonly accessTokenExpiresAt: Date | null;
  readonly refreshTokenExpiresAt: Date | null;
  readonly raw: Readonly<Record<string, unknown>>;
}
