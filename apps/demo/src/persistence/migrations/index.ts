import { CreateOAuthTables1732700000000 } from './1732700000000-create-oauth-tables.js';
import { CreateOAuthTokenUses1764800000000 } from './1764800000000-create-oauth-token-uses.js';

export { CreateOAuthTables1732700000000, CreateOAuthTokenUses1764800000000 };

/** In order. Listed as classes, not globs: globs break under ESM and Jest. */
export const PERSISTENCE_MIGRATIONS = [CreateOAuthTables1732700000000, CreateOAuthTokenUses1764800000000];
