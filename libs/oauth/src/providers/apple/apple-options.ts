import { createPrivateKey, type KeyObject } from 'node:crypto';
import { optionalString, positiveInteger, stringList, type Problems } from '../option-checks.js';
import type { OAuthProviderDefinition } from '../provider-definition.js';
import type { SharedProviderOptions } from '../provider-options.js';
import { presetDefinition, presetProblems, sharedOptions } from '../preset-options.js';
import {
  APPLE_AUTHORIZATION_URL,
  APPLE_DEFAULT_CLIENT_SECRET_TTL_SEC,
  APPLE_DEFAULT_SCOPES,
  APPLE_ISSUER,
  APPLE_JWKS_URL,
  APPLE_MAX_CLIENT_SECRET_TTL_SEC,
  APPLE_TOKEN_URL,
} from './apple-endpoints.js';
import { AppleStrategy } from './apple-strategy.js';

/** Options of `AppleOAuth`: the shared options (no `clientSecret`: it is minted) plus Apple's own. */
export interface AppleOAuthOptions extends Omit<SharedProviderOptions, 'clientId' | 'clientSecret'> {
  /** The Services ID of the web sign-in (e.g. `com.example.web`). */
  clientId: string;
  /** 10-character Team ID (developer account, Membership). */
  teamId: string;
  /** 10-character Key ID of the "Sign in with Apple" key. */
  keyId: string;
  /** The key's `.p8` file content (PKCS#8 PEM, P-256). `\n` escapes from environment variables are accepted. */
  privateKey: string;
  /** Bundle ids of your native apps: accepted as ID-token audiences for direct ID-token sign-in. */
  appBundleIds?: readonly string[];
  /** Lifetime of each minted client secret (default 3600 s, at most Apple's 15 777 000 s). */
  clientSecretTtlSeconds?: number;
}

const APPLE_KEYS = ['teamId', 'keyId', 'privateKey', 'appBundleIds', 'clientSecretTtlSeconds'] as const;
const APPLE_ID = /^[A-Z0-9]{10}$/;

function appleId(problems: Problems, name: string, value: unknown): string {
  const id = optionalString(problems, name, value);
  if (id === null) problems.add(`${name} is required`);
  else if (!APPLE_ID.test(id)) problems.add(`${name} must be the 10-character id from the Apple developer portal`);
  return id ?? 'INVALID';
}

/** Parsed once at declaration; the key's content never reaches a problem message. */
function privateKeyOption(problems: Problems, value: unknown): KeyObject | null {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add('privateKey is required (the .p8 key file content)');
    return null;
  }
  try {
    const key = createPrivateKey(value.replace(/\\n/g, '\n'));
    if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return key;
  } catch {
    // reported below, without the key's text
  }
  problems.add('privateKey must be the PEM of a P-256 (ES256) private key');
  return null;
}

function ttlOption(problems: Problems, value: unknown): number {
  const ttl = positiveInteger(problems, 'clientSecretTtlSeconds', value, APPLE_DEFAULT_CLIENT_SECRET_TTL_SEC);
  if (ttl <= APPLE_MAX_CLIENT_SECRET_TTL_SEC) return ttl;
  problems.add(`clientSecretTtlSeconds must be at most ${APPLE_MAX_CLIENT_SECRET_TTL_SEC} (6 months, Apple's limit)`);
  return APPLE_DEFAULT_CLIENT_SECRET_TTL_SEC;
}

/** The Sign in with Apple preset; the provider id is always `apple`. */
export function AppleOAuth(options: AppleOAuthOptions): OAuthProviderDefinition<'apple'> {
  const problems = presetProblems('AppleOAuth');
  const { clientSecret: staticSecret, ...rest } = options as AppleOAuthOptions & { clientSecret?: unknown };
  // A static secret would silently be wrong: Apple's is always a JWT minted from the team key.
  if (staticSecret !== undefined) problems.add('unknown option "clientSecret" (the secret is minted from teamId, keyId and privateKey)');
  const shared = sharedOptions(problems, rest, APPLE_KEYS);
  const scopes = options.scopes ?? APPLE_DEFAULT_SCOPES;
  // Apple refuses `name`/`email` unless the response is posted: the user's data must not sit in a URL.
  const needsFormPost = scopes.includes('name') || scopes.includes('email');
  if (needsFormPost && options.responseMode === 'query') problems.add('responseMode must be form_post when the name or email scope is asked (Apple requires it)');
  const bundleIds = stringList(problems, 'appBundleIds', options.appBundleIds, []);
  const privateKey = privateKeyOption(problems, options.privateKey);
  const clientSecret = {
    teamId: appleId(problems, 'teamId', options.teamId),
    keyId: appleId(problems, 'keyId', options.keyId),
    clientId: typeof options.clientId === 'string' ? options.clientId.trim() : '',
    ttlSeconds: ttlOption(problems, options.clientSecretTtlSeconds),
  };
  const generic = {
    ...shared,
    // The Services ID first (requests, client-secret `sub`), then the apps' bundle ids as extra audiences.
    clientId: [options.clientId, ...bundleIds],
    scopes,
    responseMode: options.responseMode ?? (needsFormPost ? ('form_post' as const) : ('query' as const)),
    issuer: APPLE_ISSUER,
    authorizationEndpoint: APPLE_AUTHORIZATION_URL,
    tokenEndpoint: APPLE_TOKEN_URL,
    jwksUri: APPLE_JWKS_URL,
    // Apple does not send the RFC 9207 `iss` parameter; it is still checked when present.
    requireIssuerParameter: false,
  };
  return presetDefinition('apple', generic, problems, (deps) => {
    // Only reached after bootstrap validated everything, so the key is present here.
    if (privateKey === null) throw new Error('AppleOAuth: invalid privateKey');
    return new AppleStrategy(deps, { clientSecret: { ...clientSecret, privateKey } });
  }, { mintsClientSecret: true });
}
