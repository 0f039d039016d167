import { describe, expect, it } from '@jest/globals';
import { CONSUMER_TENANT_ID, issuerForTenant, issuerParameterAllowed, issuerTemplate, tenantAllowed } from './microsoft-tenant.js';

const AUTHORITY = 'https://login.microsoftonline.com';
const TID = '11111111-2222-3333-4444-555555555555';
const policy = (tenant: string, allowedTenants: string[] | null = null) => ({ tenant, authority: AUTHORITY, allowedTenants });

describe('Microsoft tenant policy', () => {
  it('accepts only GUID tenant ids, honouring the allow-list', () => {
    expect(tenantAllowed(policy('common'), TID)).toBe(true);
    expect(tenantAllowed(policy('common'), 'contoso.com')).toBe(false);
    expect(tenantAllowed(policy('common'), undefined)).toBe(false);
    expect(tenantAllowed(policy('common', [TID]), TID.toUpperCase())).toBe(true);
    expect(tenantAllowed(policy('common', [TID]), CONSUMER_TENANT_ID)).toBe(false);
  });

  it('restricts consumers to personal accounts and organizations to work accounts', () => {
    expect(tenantAllowed(policy('consumers'), CONSUMER_TENANT_ID)).toBe(true);
    expect(tenantAllowed(policy('consumers'), TID)).toBe(false);
    expect(tenantAllowed(policy('organizations'), TID)).toBe(true);
    expect(tenantAllowed(policy('organizations'), CONSUMER_TENANT_ID)).toBe(false);
  });

  it('derives the expected issuer from the tenant for multi-tenant endpoints, exact otherwise', () => {
    expect(issuerTemplate(policy('common'))).toBe(`${AUTHORITY}/{tenantid}/v2.0`);
    expect(issuerForTenant(policy('common'), TID)).toBe(`${AUTHORITY}/${TID}/v2.0`);
    expect(issuerForTenant(policy(TID), 'aaaaaaaa-2222-3333-4444-555555555555')).toBe(`${AUTHORITY}/${TID}/v2.0`);
  });

  it('checks the iss callback parameter against a tenant-shaped issuer', () => {
    expect(issuerParameterAllowed(policy('common'), `${AUTHORITY}/${TID}/v2.0`)).toBe(true);
    expect(issuerParameterAllowed(policy('common'), `${AUTHORITY}/{tenantid}/v2.0`)).toBe(false);
    expect(issuerParameterAllowed(policy('common'), `${AUTHORITY}/${TID}/x/v2.0`)).toBe(false);
    expect(issuerParameterAllowed(policy('common'), `https://evil.example/${TID}/v2.0`)).toBe(false);
    expect(issuerParameterAllowed(policy('common', ['99999999-2222-3333-4444-555555555555']), `${AUTHORITY}/${TID}/v2.0`)).toBe(false);
    expect(issuerParameterAllowed(policy(TID), `${AUTHORITY}/${TID}/v2.0`)).toBe(true);
    expect(issuerParameterAllowed(policy(TID), `${AUTHORITY}/99999999-2222-3333-4444-555555555555/v2.0`)).toBe(false);
  });
});
