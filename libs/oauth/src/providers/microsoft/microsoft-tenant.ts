/**
 * Which Entra ID tenants may sign in, and the issuer each one's tokens must carry. Multi-tenant
 * endpoints (`common`, `organizations`, `consumers`) serve many issuers, one per tenant
 * (`{authority}/{tid}/v2.0`); the reference skipped the issuer check there, which let a token of any
 * tenant (including one an attacker creates) through. We check it against the token's own `tid`.
 */

export const MULTI_TENANT_VALUES: readonly string[] = ['common', 'organizations', 'consumers'];
export const TENANT_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The tenant of personal Microsoft accounts (MSA). */
export const CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export interface TenantPolicy {
  readonly tenant: string;
  readonly authority: string;
  readonly allowedTenants: readonly string[] | null;
}

export function isMultiTenant(policy: TenantPolicy): boolean {
  return MULTI_TENANT_VALUES.includes(policy.tenant.toLowerCase());
}

/** Whether a tenant id (from a verified token, or the issuer parameter) is acceptable. */
export function tenantAllowed(policy: TenantPolicy, tid: unknown): tid is string {
  if (typeof tid !== 'string' || !TENANT_GUID.test(tid)) return false;
  const id = tid.toLowerCase();
  if (policy.allowedTenants !== null && !policy.allowedTenants.includes(id)) return false;
  switch (policy.tenant.toLowerCase()) {
    case 'consumers':
      return id === CONSUMER_TENANT_ID;
    case 'organizations':
      return id !== CONSUMER_TENANT_ID;
    default:
      return true;
  }
}

/** The configured issuer, or Microsoft's documented `{tenantid}` template for multi-tenant endpoints. */
export function issuerTemplate(policy: TenantPolicy): string {
  return `${policy.authority}/${isMultiTenant(policy) ? '{tenantid}' : policy.tenant}/v2.0`;
}

/** The issuer a token of tenant `tid` must carry. */
export function issuerForTenant(policy: TenantPolicy, tid: string): string {
  return isMultiTenant(policy) ? `${policy.authority}/${tid}/v2.0` : `${policy.authority}/${policy.tenant}/v2.0`;
}

/**
 * RFC 9207 `iss` callback parameter: exact for a single tenant; for multi-tenant endpoints
 * `{authority}/<tenant guid>/v2.0` with an acceptable tenant.
 */
export function issuerParameterAllowed(policy: TenantPolicy, iss: string): boolean {
  if (!isMultiTenant(policy)) return iss === issuerTemplate(policy);
  const prefix = `${policy.authority}/`;
  const suffix = '/v2.0';
  if (!iss.startsWith(prefix) || !iss.endsWith(suffix)) return false;
  const tid = iss.slice(prefix.length, iss.length - suffix.length);
  return tenantAllowed(policy, tid) && iss === issuerForTenant(policy, tid);
}
