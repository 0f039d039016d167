import type { OAuthClient } from '../../flow/oauth-client.js';

/** The injected client of the Google preset: `@InjectOAuth('google') google: GoogleOAuthClient`. */
export type GoogleOAuthClient = OAuthClient<'google'>;
export type { GoogleUserInfo } from './google-profile.js';
