/** Authorization-server metadata after the manual overlay (spec §6.3.1). Snake case as on the wire. */
export interface ProviderMetadata {
  issuer: string | null;
  authorization_endpoint: string | null;
  token_endpoint: string | null;
  userinfo_endpoint: string | null;
  jwks_uri: string | null;
  id_token_signing_alg_values_supported?: string[];
  authorization_response_iss_parameter_supported?: boolean;
  [key: string]: unknown;
}
