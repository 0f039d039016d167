import { oauthTableNames } from '../schema/table-names.js';
import { createOAuthTablesMigration, type OAuthMigrationClass } from './create-oauth-tables.js';
import { createOAuthTokenUsesMigration } from './create-oauth-token-uses.js';

export type { OAuthMigrationClass } from './create-oauth-tables.js';

export interface OAuthMigrationOptions {
  /** Prefix of every table name (letters, digits, `_`, at most 24; default none). */
  tablePrefix?: string;
}

const cache = new Map<string, OAuthMigrationClass[]>();

/**
 * The adapter's migrations, in order, for your own migration runner
 * (`new DataSource({ migrations: [...yours, ...oauthMigrations()] })`) or `runOAuthMigrations`.
 * Classes, not globs: globs break under ESM and Jest. The same classes come back for the same
 * prefix; each prefix gets its own migration names, so several prefixes can share a database.
 */
export function oauthMigrations(options: OAuthMigrationOptions = {}): OAuthMigrationClass[] {
  const tablePrefix = options.tablePrefix ?? '';
  let migrations = cache.get(tablePrefix);
  if (migrations === undefined) {
    const tables = oauthTableNames(tablePrefix);
    // Unprefixed tables keep the original names (databases created by the demo's migration match).
    const suffix = tablePrefix === '' ? '' : `_${tablePrefix.replace(/_+$/, '')}_`;
    migrations = [createOAuthTablesMigration(tables, suffix), createOAuthTokenUsesMigration(tables, suffix)];
    cache.set(tablePrefix, migrations);
  }
  return [...migrations];
}
