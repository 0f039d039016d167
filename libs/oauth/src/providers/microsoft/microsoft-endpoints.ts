/** Microsoft identity platform and Graph endpoints the preset uses (spec §3.4, §13). */
export const MICROSOFT_DEFAULT_AUTHORITY = 'https://login.microsoftonline.com';
export const MICROSOFT_USER_INFO_URL = 'https://graph.microsoft.com/oidc/userinfo';
export const MICROSOFT_PHOTO_URL_TEMPLATE = 'https://graph.microsoft.com/v1.0/me/photos/{size}x{size}/$value';
export const MICROSOFT_DEFAULT_SCOPES: readonly string[] = ['openid', 'profile', 'email', 'offline_access', 'User.Read'];
export const MICROSOFT_PHOTO_SIZES = [48, 64, 96, 120, 240, 360, 432, 504, 648] as const;
export type MicrosoftPhotoSize = (typeof MICROSOFT_PHOTO_SIZES)[number];
