/** A provider's profile mapped to what sign-in needs (spec §3.7 OAuthUserInfo). */
export interface OAuthUserInfo {
  providerAccountId: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  image: string | null;
  raw: Record<string, unknown>;
  /**
   * `false`: this identity's email never links it to an existing individual implicitly, even when
   * verified (Apple private-relay addresses are per-app aliases). Unset: the usual rules apply.
   */
  allowImplicitLinking?: boolean;
}
