import type { OAuthClient } from './oauth-client.js';

/** The injected client of the Microsoft preset: `@InjectOAuth('microsoft') microsoft: MicrosoftOAuthClient`. */
export type MicrosoftOAuthClient = OAuthClient<'microsoft'>;
export type { MicrosoftUserInfo } from '../providers/microsoft/microsoft-profile.js';
