import type { OAuthClient } from './oauth-client.js';

/** The injected client of the Google preset: `@InjectOAuth('google') google: GoogleOAuthClient`. */
export type GoogleOAuthClient = OAuthClient<'google'>;
export type { GoogleUserInfo } from '../providers/google/google-profile.js';
