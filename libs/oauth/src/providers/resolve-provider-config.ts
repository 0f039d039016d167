import { DEFAULT_MAX_RESPONSE_BYTES, isAllowedProviderUrl } from '../transport/http.js';
import type { OAuthProviderDefinition } from './provider-definition.js';
import type { ResolvedProviderConfig } from './resolved-provider-config.js';
import {
  Problems,
  oneOf,
  optionalBoolean,
  optionalString,
  positiveInteger,
  secretList,
  stringList,
  stringMap,
  unknownKeys,
} from './option-checks.js';

const GENERIC_OPTION_KEYS = [
  'id', 'clientId', 'clientSecret', 'clientType', 'discoveryUrl', 'issuer', 'requireIssuerParameter', 'authorizationEndpoint',
  'tokenEndpoint', 'userinfoEndpoint', 'jwksUri', 'scopes', 'responseType', 'responseMode', 'prompt', 'accessType',
  'stateStrategy', 'usePkce', 'codeChallengeMethod', 'useNonce', 'overrideUserInfoOnSignIn', 'updateAccountOnSignIn',
  'tokenEndpointAuthMethod', 'authorizationParams', 'tokenParams', 'discoveryHeaders', 'disableSignUp',
  'disableImplicitSignUp', 'disableIdTokenSignIn', 'allowImplicitAccountLinking', 'allowDifferentLinkEmails',
  'trustedForAccountLinking', 'storeAccountCookie', 'defaultErrorRedirectUrl', 'encryptTokens',
  'tokenEncryptionSecret', 'timeoutMs', 'discoveryTtlMs', 'hooks', 'maxResponseBytes', 'trustedAudiences',
  'idTokenMaxAgeSec', 'requireServerNonce',
] as const;

const HOOK_KEYS = ['getToken', 'refreshTokens', 'getUserinfo', 'mapProfile'] as const;
const PROVIDER_ID = /^[A-Za-z0-9_-]+$/;

function clientIds(problems: Problems, value: unknown): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((v) => typeof v !== 'string' || v.trim() === '')) {
    problems.add('clientId must be a non-empty string or a non-empty list of non-empty strings');
    return ['invalid'];
  }
  return list.map((v: string) => v.trim());
}

function hooks(problems: Problems, value: unknown): ResolvedProviderConfig['hooks'] {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null) {
    problems.add('hooks must be an object');
    return {};
  }
  unknownKeys(problems.child('hooks'), value, HOOK_KEYS);
  for (const [key, hook] of Object.entries(value)) {
    if (hook !== undefined && typeof hook !== 'function') problems.add(`hooks.${key} must be a function`);
  }
  return Object.freeze({ ...value });
}

const URL_OPTIONS = ['discoveryUrl', 'authorizationEndpoint', 'tokenEndpoint', 'userinfoEndpoint', 'jwksUri'] as const;

/** Plain http is only acceptable on loopback, where nothing can be intercepted on the wire. */
function checkProviderUrls(problems: Problems, options: OAuthProviderDefinition['options']): void {
  for (const key of URL_OPTIONS) {
    const value = options[key];
    if (typeof value === 'string' && value.trim() !== '' && !isAllowedProviderUrl(value.trim())) {
      problems.add(`${key} must be an https URL (http only for localhost, 127.0.0.0/8 or [::1])`);
    }
  }
}

type AuthMethod = ResolvedProviderConfig['tokenEndpointAuthMethod'];

/**
 * Public or confidential is said, never guessed (RFC 6749 §2.1): a secret missing from the environment
 * must fail the deployment, not turn a confidential client public (it would then fail only at the
 * callback, as `invalid_client`). A public client authenticates with nothing (spec §3.1).
 */
function tokenEndpointAuth(p: Problems, definition: OAuthProviderDefinition, clientSecret: string | null): AuthMethod {
  const o = definition.options;
  const requested = oneOf(p, 'tokenEndpointAuthMethod', o.tokenEndpointAuthMethod,
    ['client_secret_basic', 'client_secret_post', 'none'] as const, 'client_secret_post');
  const clientType = o.clientType === undefined ? null : oneOf(p, 'clientType', o.clientType, ['public', 'confidential'] as const, 'confidential');
  const saysPublic = clientType === 'public' || (clientType === null && o.tokenEndpointAuthMethod === 'none');
  // A preset whose strategy mints its own credential (Apple) is confidential without a static secret.
  if (definition.mintsClientSecret === true) return requested;
  if (clientSecret === null && !saysPublic) {
    p.add("clientSecret is missing: give it, or declare a public client with clientType: 'public'");
  }
  if (clientSecret !== null && saysPublic) {
    p.add('clientSecret is set on a public client: remove the secret or the public declaration');
  }
  return saysPublic || clientSecret === null ? 'none' : requested;
}

/** Applies the spec's defaults (§3.1) and records every problem instead of stopping at the first. */
export function resolveProviderConfig(definition: OAuthProviderDefinition, problems: Problems): ResolvedProviderConfig {
  const o = definition.options;
  const p = problems.child(typeof definition.id === 'string' ? definition.id : '?');
  unknownKeys(p, o, GENERIC_OPTION_KEYS);
  if (typeof o.id !== 'string' || !PROVIDER_ID.test(o.id.trim())) p.add('id must match ^[A-Za-z0-9_-]+$');
  const ids = clientIds(p, o.clientId);
  const clientSecret = optionalString(p, 'clientSecret', o.clientSecret);
  const discoveryUrl = optionalString(p, 'discoveryUrl', o.discoveryUrl);
  const authorizationEndpoint = optionalString(p, 'authorizationEndpoint', o.authorizationEndpoint);
  const tokenEndpoint = optionalString(p, 'tokenEndpoint', o.tokenEndpoint);
  checkProviderUrls(p, o);
  // Preset factories cannot throw (they run when the module is declared): they carry what they found
  // wrong in `problems`, reported here with every other problem.
  for (const problem of definition.problems ?? []) p.add(String(problem));
  if (!discoveryUrl && !(authorizationEndpoint && tokenEndpoint)) {
    p.add('set discoveryUrl, or both authorizationEndpoint and tokenEndpoint');
  }
  // Encrypted by default (opt-out): a database dump or a read-only SQL injection must not hand out
  // working refresh tokens for every linked account.
  const encryptTokens = optionalBoolean(p, 'encryptTokens', o.encryptTokens, true);
  const requireIssuerParameter =
    o.requireIssuerParameter === undefined ? undefined : optionalBoolean(p, 'requireIssuerParameter', o.requireIssuerParameter, false);
  return Object.freeze({
    id: o.id,
    clientIds: Object.freeze(ids),
    primaryClientId: ids[0] ?? 'invalid',
    clientSecret,
    tokenEndpointAuthMethod: tokenEndpointAuth(p, definition, clientSecret),
    discoveryUrl,
    discoveryTtlMs: positiveInteger(p, 'discoveryTtlMs', o.discoveryTtlMs, 3_600_000),
    issuer: optionalString(p, 'issuer', o.issuer),
    requireIssuerParameter,
    authorizationEndpoint,
    tokenEndpoint,
    userinfoEndpoint: optionalString(p, 'userinfoEndpoint', o.userinfoEndpoint),
    jwksUri: optionalString(p, 'jwksUri', o.jwksUri),
    scopes: Object.freeze(stringList(p, 'scopes', o.scopes, [])),
    responseType: optionalString(p, 'responseType', o.responseType) ?? 'code',
    responseMode: o.responseMode == null ? null : oneOf(p, 'responseMode', o.responseMode, ['query', 'form_post'] as const, 'query'),
    prompt: optionalString(p, 'prompt', o.prompt),
    accessType: optionalString(p, 'accessType', o.accessType),
    stateStrategy: oneOf(p, 'stateStrategy', o.stateStrategy, ['adapter', 'cookie'] as const, 'adapter'),
    usePkce: optionalBoolean(p, 'usePkce', o.usePkce, true),
    // RFC 9700 §2.1.1: S256 only. `plain` sends the verifier in the front channel, and a misspelt
    // method (`s256`) used to send no challenge at all while looking configured.
    codeChallengeMethod: oneOf(p, 'codeChallengeMethod', o.codeChallengeMethod, ['S256'] as const, 'S256'),
    useNonce: optionalBoolean(p, 'useNonce', o.useNonce, true),
    overrideUserInfoOnSignIn: optionalBoolean(p, 'overrideUserInfoOnSignIn', o.overrideUserInfoOnSignIn, false),
    updateAccountOnSignIn: optionalBoolean(p, 'updateAccountOnSignIn', o.updateAccountOnSignIn, true),
    disableSignUp: optionalBoolean(p, 'disableSignUp', o.disableSignUp, false),
    disableImplicitSignUp: optionalBoolean(p, 'disableImplicitSignUp', o.disableImplicitSignUp, false),
    disableIdTokenSignIn: optionalBoolean(p, 'disableIdTokenSignIn', o.disableIdTokenSignIn, false),
    allowImplicitAccountLinking: optionalBoolean(p, 'allowImplicitAccountLinking', o.allowImplicitAccountLinking, true),
    allowDifferentLinkEmails: optionalBoolean(p, 'allowDifferentLinkEmails', o.allowDifferentLinkEmails, false),
    trustedForAccountLinking: optionalBoolean(p, 'trustedForAccountLinking', o.trustedForAccountLinking, false),
    storeAccountCookie: optionalBoolean(p, 'storeAccountCookie', o.storeAccountCookie, false),
    // Used verbatim, as in the reference: it is the app's own configuration, not user input.
    defaultErrorRedirectUrl: optionalString(p, 'defaultErrorRedirectUrl', o.defaultErrorRedirectUrl),
    encryptTokens,
    tokenEncryptionSecrets: secretList(p, 'tokenEncryptionSecret', o.tokenEncryptionSecret),
    authorizationParams: Object.freeze(stringMap(p, 'authorizationParams', o.authorizationParams)),
    tokenParams: Object.freeze(stringMap(p, 'tokenParams', o.tokenParams)),
    discoveryHeaders: Object.freeze(stringMap(p, 'discoveryHeaders', o.discoveryHeaders)),
    timeoutMs: positiveInteger(p, 'timeoutMs', o.timeoutMs, 10_000),
    maxResponseBytes: positiveInteger(p, 'maxResponseBytes', o.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES),
    trustedAudiences: Object.freeze(stringList(p, 'trustedAudiences', o.trustedAudiences, [])),
    idTokenMaxAgeSec: o.idTokenMaxAgeSec == null ? null : positiveInteger(p, 'idTokenMaxAgeSec', o.idTokenMaxAgeSec, 1),
    requireServerNonce: optionalBoolean(p, 'requireServerNonce', o.requireServerNonce, false),
    hooks: hooks(p, o.hooks),
  });
}
