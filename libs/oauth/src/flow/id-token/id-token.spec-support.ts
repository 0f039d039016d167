/** A generic provider with manual metadata (no discovery), for specs that validate ID tokens it signs. */
import { OAuthProvider, type OAuthProviderDefinition } from '../../providers/provider-definition.js';

export const ISSUER = 'https://idp.example';

/** Client `client-1` at ISSUER, its keys at `${ISSUER}/jwks`; `extra` lays further provider options over it. */
export function manualProvider(id: string, extra: Record<string, unknown> = {}): OAuthProviderDefinition {
  return OAuthProvider({
    id,
    clientId: 'client-1',
    clientSecret: 'client-secret-value',
    issuer: ISSUER,
    authorizationEndpoint: `${ISSUER}/authorize`,
    tokenEndpoint: `${ISSUER}/token`,
    jwksUri: `${ISSUER}/jwks`,
    ...extra,
  });
}
