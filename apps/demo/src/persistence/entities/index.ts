import { IndividualEntity } from './individual.entity.js';
import { OAuthAccountEntity } from './oauth-account.entity.js';
import { OAuthStateEntity } from './oauth-state.entity.js';
import { SessionEntity } from './session.entity.js';

export { IndividualEntity, OAuthAccountEntity, OAuthStateEntity, SessionEntity };

/** Listed as classes, not globs: globs break under ESM and Jest. */
export const PERSISTENCE_ENTITIES = [IndividualEntity, SessionEntity, OAuthAccountEntity, OAuthStateEntity];
