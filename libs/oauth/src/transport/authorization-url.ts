import { s256Challenge } from '../crypto/random.js';

export interface AuthorizationParamsInput {
  responseType: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  state: string;
  codeVerifier: string | null;
  /** Only S256 exists here: `plain` sends the verifier itself, which PKCE exists to keep secret (RFC 9700 §2.1.1). */
  codeChallengeMethod: 'S256';
  nonce: string | null;
  configParams: Record<string, string>;
  callParams: Record<string, string> | null;
  prompt: string | null;
  accessType: string | null;
  responseMode: string | null;
}

const RESERVED = new Set([
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
]);

/**
 * The authorization request parameters in the reference's exact order (spec §6.3.2). Extras are
 * applied config → call → prompt → access_type → response_mode → nonce, later
 * wins: so a configured `prompt` beats one passed through `authorizationParams`, and the nonce and
 * PKCE values we generated can never be overridden by caller-supplied params.
 */
export function buildAuthorizationParams(input: AuthorizationParamsInput): Record<string, string> {
  const params: Record<string, string> = {
    response_type: input.responseType,
    client_id: input.clientId,
    redirect_uri: input.redirectUri,
    scope: [...new Set(input.scopes)].join(' '),
    state: input.state,
  };
  if (input.codeVerifier !== null && input.codeChallengeMethod === 'S256' && input.responseType === 'code') {
    params['code_challenge'] = s256Challenge(input.codeVerifier);
    params['code_challenge_method'] = 'S256';
  }
  const extras: Record<string, string | null> = {};
  for (const source of [input.configParams, input.callParams ?? {}]) {
    for (const [key, value] of Object.entries(source)) {
      // Deviation (hardening): extra params cannot replace the protocol's own parameters; a
      // caller-supplied `state`, `redirect_uri` or `code_challenge` would defeat CSRF or PKCE.
      if (!RESERVED.has(key)) {
        extras[key] = value;
      }
    }
  }
  if (input.prompt !== null) {
    extras['prompt'] = input.prompt;
  }
  if (input.accessType !== null) {
    extras['access_type'] = input.accessType;
  }
  if (input.responseMode !== null) {
    extras['response_mode'] = input.responseMode;
  }
  if (input.nonce !== null) {
    extras['nonce'] = input.nonce;
  }
  for (const [key, value] of Object.entries(extras)) {
    // Null-valued params are omitted (the records are typed as strings, but options come from users).
    if (value !== null && value !== undefined) {
      params[key] = value;
    }
  }
  return params;
}

/** Appends params to the endpoint, keeping its existing query (some providers need fixed params there). */
export function appendQuery(endpoint: string, params: Record<string, string>): string {
  const url = new URL(endpoint);
  for (const [key, value] of Object.entries(params)) {
    url.searchParams.append(key, value);
  }
  return url.toString();
}
