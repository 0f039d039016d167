import { readEnv, type Problems } from './env-parsers.js';

/**
 * The presets beyond Google and Microsoft, each on when its `*_CLIENT_ID` is set (issue #17).
 * One table instead of one parser per preset: every group follows the same rule.
 */
export const PRESET_ENV_GROUPS = {
  github: { on: 'GITHUB_CLIENT_ID', required: ['GITHUB_CLIENT_SECRET'], optional: ['GITHUB_ENTERPRISE_URL'] },
  apple: { on: 'APPLE_CLIENT_ID', required: ['APPLE_TEAM_ID', 'APPLE_KEY_ID', 'APPLE_PRIVATE_KEY'], optional: ['APPLE_BUNDLE_IDS'] },
  auth0: { on: 'AUTH0_CLIENT_ID', required: ['AUTH0_CLIENT_SECRET', 'AUTH0_DOMAIN'], optional: [] },
  okta: { on: 'OKTA_CLIENT_ID', required: ['OKTA_CLIENT_SECRET', 'OKTA_DOMAIN'], optional: ['OKTA_AUTHORIZATION_SERVER_ID'] },
  keycloak: { on: 'KEYCLOAK_CLIENT_ID', required: ['KEYCLOAK_CLIENT_SECRET', 'KEYCLOAK_URL', 'KEYCLOAK_REALM'], optional: [] },
} as const;

export type PresetEnvId = keyof typeof PRESET_ENV_GROUPS;
/** The raw values of each preset that is on, by variable name (validated by the preset at bootstrap). */
export type PresetEnv = Partial<Record<PresetEnvId, Readonly<Record<string, string>>>>;

/**
 * A group is on when its client id is set; then its required variables must be set too. Variables of
 * a group that is off are a mistake worth failing on (a typo in the client id's name, say). Problems
 * name variables, never values.
 */
export function parsePresetEnv(problems: Problems, env: NodeJS.ProcessEnv): PresetEnv {
  const result: PresetEnv = {};
  for (const [id, group] of Object.entries(PRESET_ENV_GROUPS) as [PresetEnvId, (typeof PRESET_ENV_GROUPS)[PresetEnvId]][]) {
    const names = [group.on, ...group.required, ...group.optional];
    const values: Record<string, string> = {};
    for (const name of names) {
      const value = readEnv(env, name);
      if (value !== undefined) values[name] = value;
    }
    if (values[group.on] === undefined) {
      const stray = names.filter((name) => values[name] !== undefined);
      if (stray.length > 0) problems.push(`${stray.join(' / ')} set but ${group.on} is not`);
      continue;
    }
    const missing = group.required.filter((name) => values[name] === undefined);
    if (missing.length > 0) problems.push(`${group.on} is set: ${missing.join(', ')} must be set too`);
    else result[id] = Object.freeze(values);
  }
  return result;
}
