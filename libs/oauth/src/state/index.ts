export { OAuthStateStore } from './oauth-state-store.js';
export { AdapterStateStore } from './adapter-state-store.js';
export { CookieStateStore } from './cookie-state-store.js';
export { openStartToken, sealStartToken, type StartRequestOptions } from './start-token.js';
export { stateCookieName, stateMarkerCookieName } from './state-helpers.js';
