/** A provider's profile mapped to what sign-in needs (spec §3.7 OAuthUserInfo). */
export interface OAuthUserInfo {
  providerAccountId: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  image: string | null;
  raw: Record<string, unknown>;
}
