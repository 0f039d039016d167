import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Every request the stub answered, by endpoint: the benchmark's evidence for caching claims. */
export interface StubCounters {
  discovery: number;
  jwks: number;
  authorize: number;
  token: number;
  refresh: number;
}

export interface IdTokenClaims {
  sub: string;
  aud: string;
  nonce?: string | null;
  /** Lifetime in seconds (default 3600). */
  ttlSec?: number;
}

interface PendingCode {
  clientId: string;
  nonce: string | null;
  sub: string;
}

export const STUB_PREFIX = '/op';
const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' } as const;

/**
 * A deliberately fast OpenID Provider for loopback benchmarks: constant documents are serialised
 * once, ID tokens are ES256 (a P-256 signature is far cheaper than RSA-2048) signed with node:crypto
 * synchronously, and /authorize answers at once with a code. It checks nothing beyond what the flow
 * needs to work; it is never a security reference.
 */
export class OpStub {
  readonly issuer: string;
  readonly counters: StubCounters = { discovery: 0, jwks: 0, authorize: 0, token: 0, refresh: 0 };
  /** Access-token lifetime handed out; the refresh benchmark lowers it to create expiring tokens. */
  accessTokenTtlSec = 3600;
  /** Subject of the most recent authorization (each authorization is a new user). */
  lastSubject: string | null = null;

  private readonly privateKey: KeyObject;
  private readonly kid = randomBytes(8).toString('base64url');
  private readonly discoveryBody: Buffer;
  private readonly jwksBody: Buffer;
  private readonly jwtHeader: string;
  private readonly codes = new Map<string, PendingCode>();
  private readonly runId = randomBytes(4).toString('hex');
  private sequence = 0;

  constructor(origin: string) {
    this.issuer = `${origin}${STUB_PREFIX}`;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'ES256', use: 'sig' };
    this.jwksBody = Buffer.from(JSON.stringify({ keys: [jwk] }));
    this.jwtHeader = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid: this.kid })).toString('base64url');
    this.discoveryBody = Buffer.from(
      JSON.stringify({
        issuer: this.issuer,
        authorization_endpoint: `${this.issuer}/authorize`,
        token_endpoint: `${this.issuer}/token`,
        jwks_uri: `${this.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['ES256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
        authorization_response_iss_parameter_supported: true,
        scopes_supported: ['openid', 'email', 'profile', 'offline_access'],
      }),
    );
  }

  /** The public key set, as the jwks endpoint serves it. */
  jwks(): { keys: Record<string, unknown>[] } {
    return JSON.parse(this.jwksBody.toString('utf8')) as { keys: Record<string, unknown>[] };
  }

  /** Signs an ID token like the token endpoint does (also used directly by the validation benchmark). */
  mintIdToken(claims: IdTokenClaims): string {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: this.issuer,
      sub: claims.sub,
      aud: claims.aud,
      iat: now,
      exp: now + (claims.ttlSec ?? 3600),
      email: `${claims.sub}@bench.example`,
      email_verified: true,
      name: `Bench ${claims.sub}`,
    };
    if (claims.nonce) payload['nonce'] = claims.nonce;
    const input = `${this.jwtHeader}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    const signature = sign('sha256', Buffer.from(input), { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${signature.toString('base64url')}`;
  }

  /** node:http handler for every path under `/op`. */
  handle(request: IncomingMessage, response: ServerResponse): void {
    const url = request.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const query = queryAt === -1 ? '' : url.slice(queryAt + 1);
    switch (path) {
      case `${STUB_PREFIX}/.well-known/openid-configuration`:
        this.counters.discovery += 1;
        send(response, 200, this.discoveryBody);
        return;
      case `${STUB_PREFIX}/jwks`:
        this.counters.jwks += 1;
        send(response, 200, this.jwksBody);
        return;
      case `${STUB_PREFIX}/authorize`:
        this.authorize(new URLSearchParams(query), response);
        return;
      case `${STUB_PREFIX}/token`:
        readBody(request, (body) => this.token(new URLSearchParams(body), response));
        return;
      default:
        send(response, 404, Buffer.from('{"error":"not_found"}'));
    }
  }

  private authorize(params: URLSearchParams, response: ServerResponse): void {
    this.counters.authorize += 1;
    const redirectUri = params.get('redirect_uri');
    const clientId = params.get('client_id');
    if (!redirectUri || !clientId) {
      send(response, 400, Buffer.from('{"error":"invalid_request"}'));
      return;
    }
    this.sequence += 1;
    const sub = `u${this.runId}${this.sequence}`;
    const code = `c${this.runId}${this.sequence}`;
    this.lastSubject = sub;
    this.codes.set(code, { clientId, nonce: params.get('nonce'), sub });
    const back = new URLSearchParams({ code, iss: this.issuer });
    const state = params.get('state');
    if (state !== null) back.set('state', state);
    const location = `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${back.toString()}`;
    response.writeHead(302, { location, 'content-length': '0' });
    response.end();
  }

  private token(params: URLSearchParams, response: ServerResponse): void {
    const grant = params.get('grant_type');
    this.sequence += 1;
    if (grant === 'refresh_token') {
      this.counters.refresh += 1;
      sendJson(response, 200, {
        access_token: `at${this.runId}${this.sequence}`,
        token_type: 'Bearer',
        expires_in: this.accessTokenTtlSec,
        refresh_token: `rt${this.runId}${this.sequence}`,
      });
      return;
    }
    this.counters.token += 1;
    const code = params.get('code');
    const pending = code === null ? undefined : this.codes.get(code);
    if (grant !== 'authorization_code' || code === null || pending === undefined) {
      sendJson(response, 400, { error: 'invalid_grant' });
      return;
    }
    this.codes.delete(code);
    sendJson(response, 200, {
      access_token: `at${this.runId}${this.sequence}`,
      token_type: 'Bearer',
      expires_in: this.accessTokenTtlSec,
      refresh_token: `rt${this.runId}${this.sequence}`,
      scope: 'openid email profile',
      id_token: this.mintIdToken({ sub: pending.sub, aud: pending.clientId, nonce: pending.nonce }),
    });
  }
}

function send(response: ServerResponse, status: number, body: Buffer): void {
  response.writeHead(status, { ...JSON_HEADERS, 'content-length': String(body.length) });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, Buffer.from(JSON.stringify(value)));
}

function readBody(request: IncomingMessage, done: (body: string) => void): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
}
