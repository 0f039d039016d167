import type { OAuthClient } from '../../flow/oauth-client.js';

/** The injected client of the Microsoft preset: `@InjectOAuth('microsoft') microsoft: MicrosoftOAuthClient`. */
export type MicrosoftOAuthClient = OAuthClient<'microsoft'>;
export type { MicrosoftUserInfo } from './microsoft-profile.js';
