import { optionalBoolean, optionalString, type Problems } from '../option-checks.js';
import type { OAuthProviderDefinition } from '../provider-definition.js';
import type { SharedProviderOptions } from '../provider-options.js';
import { presetDefinition, presetProblems, providerUrlOption, sharedOptions } from '../preset-options.js';
import {
  MICROSOFT_DEFAULT_AUTHORITY,
  MICROSOFT_DEFAULT_SCOPES,
  MICROSOFT_PHOTO_SIZES,
  MICROSOFT_USER_INFO_URL,
  type MicrosoftPhotoSize,
} from './microsoft-endpoints.js';
import { MicrosoftStrategy, type MicrosoftPresetSettings } from './microsoft-strategy.js';
import { MULTI_TENANT_VALUES, TENANT_GUID } from './microsoft-tenant.js';

export type { MicrosoftPhotoSize } from './microsoft-endpoints.js';

/** Options of `MicrosoftOAuth` (spec §3.4): the shared options plus Microsoft's own. */
export interface MicrosoftOAuthOptions extends SharedProviderOptions {
  /** `common` (default), `organizations`, `consumers`, or a tenant id / domain. Use the tenant GUID for single-tenant apps. */
  tenant?: string;
  /** Default `https://login.microsoftonline.com` (sovereign clouds and B2C differ); a path prefix is kept. */
  authority?: string;
  disableProfilePhoto?: boolean;
  profilePhotoSize?: MicrosoftPhotoSize;
  /** Tenant GUIDs whose users may sign in (checked on the verified `tid` claim); default: any. */
  allowedTenants?: readonly string[] | null;
}

const MICROSOFT_KEYS = ['tenant', 'authority', 'disableProfilePhoto', 'profilePhotoSize', 'allowedTenants'] as const;
// Tenant ids are GUIDs or domain names; anything else could inject path segments into the endpoints.
const TENANT_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

function tenantOption(problems: Problems, value: unknown): string {
  const tenant = optionalString(problems, 'tenant', value) ?? 'common';
  if (TENANT_NAME.test(tenant)) return tenant;
  problems.add('tenant must be a tenant id, a domain name, common, organizations or consumers');
  return 'common';
}

function photoSizeOption(problems: Problems, value: unknown): MicrosoftPhotoSize {
  if (value === undefined) return 48;
  const size = MICROSOFT_PHOTO_SIZES.find((allowed) => allowed === value);
  if (size === undefined) problems.add(`profilePhotoSize must be one of ${MICROSOFT_PHOTO_SIZES.join(', ')}`);
  return size ?? 48;
}

function allowedTenantsOption(problems: Problems, value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length === 0 || value.some((t) => typeof t !== 'string' || !TENANT_GUID.test(t.trim()))) {
    // Only GUIDs: the `tid` claim is always the GUID, so a domain name here would never match.
    problems.add('allowedTenants must be a non-empty list of tenant GUIDs');
    return null;
  }
  return value.map((t: string) => t.trim().toLowerCase());
}

/** Validates Microsoft's own options, recording problems instead of throwing. */
export function microsoftPresetSettings(problems: Problems, options: MicrosoftOAuthOptions): MicrosoftPresetSettings {
  return Object.freeze({
    tenant: tenantOption(problems, options.tenant),
    authority: providerUrlOption(problems, 'authority', options.authority) ?? MICROSOFT_DEFAULT_AUTHORITY,
    disableProfilePhoto: optionalBoolean(problems, 'disableProfilePhoto', options.disableProfilePhoto, false),
    profilePhotoSize: photoSizeOption(problems, options.profilePhotoSize),
    allowedTenants: allowedTenantsOption(problems, options.allowedTenants),
  });
}

/** The Microsoft identity platform preset (spec §3.4, §13); the provider id is always `microsoft`. */
export function MicrosoftOAuth(options: MicrosoftOAuthOptions): OAuthProviderDefinition<'microsoft'> {
  const problems = presetProblems('MicrosoftOAuth');
  const shared = sharedOptions(problems, options, MICROSOFT_KEYS);
  const settings = microsoftPresetSettings(problems, options);
  const { tenant, authority } = settings;
  const base = `${authority}/${tenant}`;
  const multiTenant = MULTI_TENANT_VALUES.includes(tenant.toLowerCase());
  const generic = {
    ...shared,
    scopes: options.scopes ?? MICROSOFT_DEFAULT_SCOPES,
    responseMode: options.responseMode ?? 'query',
    // Multi-tenant endpoints have no single issuer; the strategy derives it from the token's `tid`.
    issuer: multiTenant ? null : `${base}/v2.0`,
    authorizationEndpoint: `${base}/oauth2/v2.0/authorize`,
    tokenEndpoint: `${base}/oauth2/v2.0/token`,
    userinfoEndpoint: MICROSOFT_USER_INFO_URL,
    jwksUri: `${base}/discovery/v2.0/keys`,
    // Entra ID does not send the RFC 9207 `iss` response parameter; it is checked when present.
    requireIssuerParameter: false,
    tokenEndpointAuthMethod: 'client_secret_post' as const,
  };
  return presetDefinition('microsoft', generic, problems, (deps) => new MicrosoftStrategy(deps, settings));
}
