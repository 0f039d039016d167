import { randomBytes } from 'node:crypto';
import { DATABASE_URL_PATTERN, DEFAULT_DATABASE_URL } from '../persistence/data-source.js';
import {
  isLoopbackHost,
  parseChoice,
  parseHttpUrl,
  parseInteger,
  parseOptionalBoolean,
  parseSpaceList,
  readEnv,
  type Problems,
} from './env-parsers.js';
import { parsePresetEnv, type PresetEnv } from './preset-env.js';

/** The embedded development OpenID Provider (DEV_IDP=on), provider id `dev`. */
export interface DevIdpConfig {
  /** BASE_URL + '/dev-idp'. */
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  /** Random per boot, shared in-process between the dev IdP and the `dev` provider; never logged. */
  clientSecret: string;
  redirectUri: string;
}

/** The generic provider `oidc` (OIDC_ISSUER set). */
export interface OidcConfig {
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  /** null = public client. */
  clientSecret: string | null;
  scopes: string[];
  stateStrategy: 'adapter' | 'cookie';
  responseMode: 'query' | 'form_post';
  /** undefined = decided by the provider's metadata (RFC 9207). */
  requireIssuerParameter: boolean | undefined;
  timeoutMs: number;
}

export interface GoogleConfig {
  clientId: string;
  clientSecret: string;
  hostedDomain: string | null;
}

export interface MicrosoftConfig {
  clientId: string;
  /** null = public client (PKCE only, no client authentication). */
  clientSecret: string | null;
  /** null = the preset's default (`common`). */
  tenant: string | null;
}

export interface DemoConfig {
  port: number;
  /** Origin of the app, no trailing slash. */
  baseUrl: string;
  /** OAUTH_SECRET list: first = current key, the rest still decrypt. Never logged. */
  secrets: string[];
  /** True when no OAUTH_SECRET was given and a random one is used for this run only. */
  ephemeralSecret: boolean;
  databaseUrl: string;
  devIdp: DevIdpConfig | null;
  oidc: OidcConfig | null;
  /** The Google preset (provider id `google`), when GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET are set. */
  google: GoogleConfig | null;
  /** The Microsoft preset (provider id `microsoft`), when MICROSOFT_CLIENT_ID is set. */
  microsoft: MicrosoftConfig | null;
  /** GitHub, Apple, Auth0, Okta, Keycloak: each on when its `*_CLIENT_ID` is set. */
  presets: PresetEnv;
  /** Non-fatal notices for the operator (no values, no secrets). */
  warnings: string[];
}

export const DEV_IDP_CLIENT_ID = 'demo-dev';
export const DEV_IDP_MOUNT_PATH = '/dev-idp';
const MIN_SECRET_LENGTH = 32;
const DEFAULT_OIDC_SCOPES = 'openid email profile offline_access';

export function callbackUrl(baseUrl: string, providerId: string): string {
  return `${baseUrl}/auth/provider/${providerId}/callback`;
}

/** Discovery document URL of an issuer (OIDC Discovery §4: trailing slash removed before appending). */
export function discoveryUrlFor(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/** Parses and validates every variable of the demo contract; throws one Error listing every problem. */
export function loadDemoConfig(env: NodeJS.ProcessEnv): DemoConfig {
  const problems: Problems = [];
  const warnings: string[] = [];

  const port = parseInteger(problems, 'PORT', readEnv(env, 'PORT'), 3000, { min: 0, max: 65_535 });
  const rawBaseUrl = readEnv(env, 'BASE_URL');
  if (rawBaseUrl === undefined && port === 0) problems.push('BASE_URL is required when PORT is 0');
  const baseUrl =
    parseHttpUrl(problems, 'BASE_URL', rawBaseUrl ?? `http://localhost:${port}`, { originOnly: true }) ??
    `http://localhost:${port}`;

  const { secrets, ephemeral } = parseSecrets(problems, readEnv(env, 'OAUTH_SECRET'));
  if (ephemeral) {
    warnings.push(
      'OAUTH_SECRET is not set: using a random secret for this run only; sessions and encrypted tokens will not survive a restart',
    );
  }

  const databaseUrl = readEnv(env, 'DATABASE_URL') ?? DEFAULT_DATABASE_URL;
  if (!DATABASE_URL_PATTERN.test(databaseUrl)) {
    problems.push('DATABASE_URL must be sqlite:<file>, sqlite::memory:, postgres://… or mysql://…');
  }

  // The dev IdP signs anyone in as any typed email, marked verified: on a reachable host, anyone could
  // become anyone. So it is on by default only for a loopback BASE_URL, and refused anywhere else.
  const loopback = isLoopbackHost(new URL(baseUrl).hostname);
  const devIdpOn = parseChoice(problems, 'DEV_IDP', readEnv(env, 'DEV_IDP'), ['on', 'off'], loopback ? 'on' : 'off') === 'on';
  if (devIdpOn && !loopback) {
    problems.push(
      'DEV_IDP=on requires a loopback BASE_URL (localhost, 127.0.0.0/8 or ::1): the development IdP lets anyone sign in as any email',
    );
  }
  const devIssuer = `${baseUrl}${DEV_IDP_MOUNT_PATH}`;
  const devIdp: DevIdpConfig | null = devIdpOn
    ? {
        issuer: devIssuer,
        discoveryUrl: discoveryUrlFor(devIssuer),
        clientId: DEV_IDP_CLIENT_ID,
        clientSecret: randomBytes(32).toString('base64url'),
        redirectUri: callbackUrl(baseUrl, 'dev'),
      }
    : null;

  const oidc = parseOidc(problems, env);
  const google = parseGoogle(problems, env);
  const microsoft = parseMicrosoft(problems, env);
  const presets = parsePresetEnv(problems, env);

  if (problems.length > 0) {
    throw new Error(`Invalid demo configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
  return {
    port,
    baseUrl,
    secrets,
    ephemeralSecret: ephemeral,
    databaseUrl,
    devIdp,
    oidc,
    google,
    microsoft,
    presets,
    warnings,
  };
}

function parseSecrets(problems: Problems, raw: string | undefined): { secrets: string[]; ephemeral: boolean } {
  if (raw === undefined) return { secrets: [randomBytes(32).toString('base64url')], ephemeral: true };
  const secrets = raw.split(',').map((secret) => secret.trim());
  secrets.forEach((secret, index) => {
    // Position only, never the value: this is the master key.
    if (secret.length < MIN_SECRET_LENGTH) {
      problems.push(`OAUTH_SECRET entry ${index + 1} must be at least ${MIN_SECRET_LENGTH} characters`);
    }
  });
  return { secrets, ephemeral: false };
}

function parseOidc(problems: Problems, env: NodeJS.ProcessEnv): OidcConfig | null {
  const rawIssuer = readEnv(env, 'OIDC_ISSUER');
  const clientId = readEnv(env, 'OIDC_CLIENT_ID');
  const clientSecret = readEnv(env, 'OIDC_CLIENT_SECRET') ?? null;
  if (rawIssuer === undefined) {
    if (clientId !== undefined || clientSecret !== null) {
      problems.push('OIDC_CLIENT_ID / OIDC_CLIENT_SECRET are set but OIDC_ISSUER is not');
    }
    return null;
  }
  const issuer = parseHttpUrl(problems, 'OIDC_ISSUER', rawIssuer, { originOnly: false });
  // Plain http would expose codes and tokens on the network; only loopback (a local IdP) is exempt.
  if (issuer !== undefined && new URL(issuer).protocol === 'http:' && !isLoopbackHost(new URL(issuer).hostname)) {
    problems.push('OIDC_ISSUER must use https (http is accepted only for localhost / 127.0.0.0/8 / ::1)');
  }
  if (clientId === undefined) problems.push('OIDC_CLIENT_ID is required when OIDC_ISSUER is set');
  const scopes = parseSpaceList(readEnv(env, 'OIDC_SCOPES') ?? DEFAULT_OIDC_SCOPES);
  if (scopes.length === 0) problems.push('OIDC_SCOPES must name at least one scope');
  const stateStrategy = parseChoice(
    problems,
    'OIDC_STATE_STRATEGY',
    readEnv(env, 'OIDC_STATE_STRATEGY'),
    ['adapter', 'cookie'],
    'adapter',
  );
  const responseMode = parseChoice(
    problems,
    'OIDC_RESPONSE_MODE',
    readEnv(env, 'OIDC_RESPONSE_MODE'),
    ['query', 'form_post'],
    'query',
  );
  const requireIssuerParameter = parseOptionalBoolean(
    problems,
    'OIDC_REQUIRE_ISSUER_PARAMETER',
    readEnv(env, 'OIDC_REQUIRE_ISSUER_PARAMETER'),
  );
  const timeoutMs = parseInteger(problems, 'OIDC_TIMEOUT_MS', readEnv(env, 'OIDC_TIMEOUT_MS'), 10_000, {
    min: 1,
    max: 600_000,
  });
  if (issuer === undefined || clientId === undefined) return null;
  return {
    issuer,
    discoveryUrl: discoveryUrlFor(issuer),
    clientId,
    clientSecret,
    scopes,
    stateStrategy,
    responseMode,
    requireIssuerParameter,
    timeoutMs,
  };
}

/** Google only issues confidential web clients, so an id without a secret is a mistake worth failing on. */
function parseGoogle(problems: Problems, env: NodeJS.ProcessEnv): GoogleConfig | null {
  const clientId = readEnv(env, 'GOOGLE_CLIENT_ID');
  const clientSecret = readEnv(env, 'GOOGLE_CLIENT_SECRET');
  const hostedDomain = readEnv(env, 'GOOGLE_HOSTED_DOMAIN') ?? null;
  if (clientId === undefined && clientSecret === undefined) {
    if (hostedDomain !== null) problems.push('GOOGLE_HOSTED_DOMAIN is set but GOOGLE_CLIENT_ID is not');
    return null;
  }
  if (clientId === undefined || clientSecret === undefined) {
    problems.push('GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET must be set together');
    return null;
  }
  return { clientId, clientSecret, hostedDomain };
}

/** Microsoft also accepts public clients (no secret): the library then relies on PKCE alone. */
function parseMicrosoft(problems: Problems, env: NodeJS.ProcessEnv): MicrosoftConfig | null {
  const clientId = readEnv(env, 'MICROSOFT_CLIENT_ID');
  const clientSecret = readEnv(env, 'MICROSOFT_CLIENT_SECRET') ?? null;
  const tenant = readEnv(env, 'MICROSOFT_TENANT') ?? null;
  if (clientId === undefined) {
    if (clientSecret !== null || tenant !== null) {
      problems.push('MICROSOFT_CLIENT_SECRET / MICROSOFT_TENANT are set but MICROSOFT_CLIENT_ID is not');
    }
    return null;
  }
  return { clientId, clientSecret, tenant };
}
