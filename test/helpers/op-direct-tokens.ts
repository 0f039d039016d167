import { createHash, randomBytes } from 'node:crypto';
import { TestBrowser } from './browser.js';

/**
 * Gets tokens straight from the real OP, the way a native app or a front-end SDK would (its own
 * code flow with PKCE against the OP's token endpoint), so the direct ID-token routes receive an
 * ID token minted by the provider itself. The redirect URI is never requested: the code is read
 * from the Location the OP sends.
 */
export interface DirectTokenRequest {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  loginHint?: string;
  /** Omit to get an ID token without a nonce claim. */
  nonce?: string;
  scope?: string;
  /** Reuse a browser to keep (or test) the OP session; default: a fresh one. */
  browser?: TestBrowser;
}

export interface DirectTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string | null;
  tokenType: string | null;
  scope: string | null;
  expiresIn: number | null;
}

export interface OpDiscovery {
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  revocation_endpoint?: string;
}

export async function opDiscovery(issuer: string): Promise<OpDiscovery> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  return (await response.json()) as OpDiscovery;
}

function basicAuth(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
}

function stringField(body: Record<string, unknown>, key: string): string | null {
  const value = body[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

export async function obtainDirectTokens(request: DirectTokenRequest): Promise<DirectTokens> {
  const discovery = await opDiscovery(request.issuer);
  const verifier = randomBytes(48).toString('base64url');
  const url = new URL(discovery.authorization_endpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    scope: request.scope ?? 'openid email profile offline_access',
    state: randomBytes(16).toString('base64url'),
    prompt: 'consent',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  };
  if (request.nonce !== undefined) params['nonce'] = request.nonce;
  if (request.loginHint !== undefined) params['login_hint'] = request.loginHint;
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);

  const browser = request.browser ?? new TestBrowser();
  const target = new URL(request.redirectUri);
  const trace = await browser.follow(url.href, { stopAt: (next) => next.origin === target.origin && next.pathname === target.pathname });
  const code = trace.stoppedAt?.searchParams.get('code');
  if (!code) throw new Error(`the OP did not return a code (stopped at ${trace.final.status})`);

  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(request.clientId, request.clientSecret) },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: request.redirectUri, code_verifier: verifier }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  const idToken = stringField(body, 'id_token');
  const accessToken = stringField(body, 'access_token');
  if (!response.ok || idToken === null || accessToken === null) throw new Error(`token request failed: ${response.status}`);
  return {
    idToken,
    accessToken,
    refreshToken: stringField(body, 'refresh_token'),
    tokenType: stringField(body, 'token_type'),
    scope: stringField(body, 'scope'),
    expiresIn: typeof body['expires_in'] === 'number' ? body['expires_in'] : null,
  };
}

/** RFC 7009 revocation at the OP (e.g. to make a stored refresh token fail with invalid_grant). */
export async function revokeAtOp(issuer: string, clientId: string, clientSecret: string, token: string): Promise<number> {
  const discovery = await opDiscovery(issuer);
  if (!discovery.revocation_endpoint) throw new Error('the OP does not advertise a revocation endpoint');
  const response = await fetch(discovery.revocation_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(clientId, clientSecret) },
    body: new URLSearchParams({ token, token_type_hint: 'refresh_token' }),
  });
  await response.arrayBuffer();
  return response.status;
}
