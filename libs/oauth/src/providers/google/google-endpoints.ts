/** Google's endpoints are stable and documented, so no discovery round trip is needed to start a sign-in. */
export const GOOGLE_ISSUER = 'https://accounts.google.com';
/** Google's ID tokens carry either spelling of the issuer (OIDC Core 3.1.3.7 note for Google). */
export const GOOGLE_ISSUERS: readonly string[] = [GOOGLE_ISSUER, 'accounts.google.com'];
export const GOOGLE_DISCOVERY_URL = 'https://accounts.google.com/.well-known/openid-configuration';
export const GOOGLE_AUTHORIZATION_URL = 'https://accounts.google.com/o/oauth2/v2/auth';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const GOOGLE_USER_INFO_URL = 'https://openidconnect.googleapis.com/v1/userinfo';
export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';
export const GOOGLE_DEFAULT_SCOPES: readonly string[] = ['openid', 'email', 'profile'];
