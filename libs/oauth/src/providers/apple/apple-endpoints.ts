/** Sign in with Apple's endpoints are fixed and documented: no discovery round trip before a sign-in. */
export const APPLE_ISSUER = 'https://appleid.apple.com';
export const APPLE_AUTHORIZATION_URL = 'https://appleid.apple.com/auth/authorize';
export const APPLE_TOKEN_URL = 'https://appleid.apple.com/auth/token';
export const APPLE_JWKS_URL = 'https://appleid.apple.com/auth/keys';
/** `openid` makes us send (and check) a nonce; `name` and `email` are Apple's only profile scopes. */
export const APPLE_DEFAULT_SCOPES: readonly string[] = ['openid', 'name', 'email'];
/** Apple refuses client secrets valid for longer than 6 months (15 777 000 s). */
export const APPLE_MAX_CLIENT_SECRET_TTL_SEC = 15_777_000;
/** Minted secrets live 1 h by default: a leaked one is useless soon, and minting is one ES256 signature. */
export const APPLE_DEFAULT_CLIENT_SECRET_TTL_SEC = 3_600;
/** Domain of Apple's "Hide My Email" relay addresses. */
export const APPLE_PRIVATE_RELAY_DOMAIN = 'privaterelay.appleid.com';
