import { IndividualEntity } from './individual.entity.js';
import { OAuthAccountEntity } from './oauth-account.entity.js';
import { OAuthStateEntity } from './oauth-state.entity.js';
import { OAuthTokenUseEntity } from './oauth-token-use.entity.js';
import { SessionEntity } from './session.entity.js';

export { IndividualEntity, OAuthAccountEntity, OAuthStateEntity, OAuthTokenUseEntity, SessionEntity };

/** Listed as classes, not globs: globs break under ESM and Jest. */
export const PERSISTENCE_ENTITIES = [IndividualEntity, SessionEntity, OAuthAccountEntity, OAuthStateEntity, OAuthTokenUseEntity];
