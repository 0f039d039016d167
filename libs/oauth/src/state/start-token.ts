import type { SecretBox } from '../crypto/secret-box.js';
import { OAuthError } from '../errors/oauth-error.js';
import type { StateIntent } from '../persistence/records.js';
import { asObject, parseIsoDate } from './state-helpers.js';

/**
 * What a start URL carries: the request's options only, never a state, nonce or PKCE verifier.
 * Security (login CSRF, RFC 9700 §4.7): the state is created when a browser opens the start URL, so the
 * same URL opened by an attacker and by a victim plants two unrelated states; the attacker's callback
 * can never complete in the victim's browser. Port decision: it also expires (the reference's never does).
 */
export interface StartRequestOptions {
  provider: string;
  intent: StateIntent;
  /** The individual a link flow belongs to (trusted: set by the app's own code). */
  individualId: string | null;
  redirectUrl: string | null;
  errorRedirectUrl: string | null;
  newUserRedirectUrl: string | null;
  payload: unknown;
  requestSignUp: boolean;
  scopes: readonly string[];
  prompt: string | null;
  accessType: string | null;
  responseMode: 'query' | 'form_post' | null;
  authorizationParams: Readonly<Record<string, string>> | null;
}

/** Seals the options with the 'start-token' box, with the expiry of the start URL. */
export function sealStartToken(box: SecretBox, options: StartRequestOptions, expiresAt: Date): string {
  return box.seal({ ...options, expiresAt: expiresAt.toISOString() });
}

/**
 * Opens a start token minted for `providerId`. Throws `invalid_start_token` when it does not open, is
 * malformed, was minted for another provider, or has expired.
 */
export function openStartToken(box: SecretBox, token: string, providerId: string, now: Date): StartRequestOptions {
  const data = asObject(box.open(token));
  if (data === null) throw invalid();
  const expiresAt = parseIsoDate(data['expiresAt']);
  if (expiresAt === null || expiresAt.getTime() <= now.getTime()) throw invalid();
  // A token for provider A replayed on provider B's route would start B with A's options.
  if (data['provider'] !== providerId) throw invalid();
  const intent = data['intent'];
  const scopes = data['scopes'];
  const responseMode = data['responseMode'];
  if ((intent !== 'signin' && intent !== 'link') || !isStringList(scopes)) throw invalid();
  if (responseMode !== null && responseMode !== 'query' && responseMode !== 'form_post') throw invalid();
  const individualId = nullableString(data, 'individualId');
  if (intent === 'link' && individualId === null) throw invalid();
  return {
    provider: providerId,
    intent,
    individualId,
    redirectUrl: nullableString(data, 'redirectUrl'),
    errorRedirectUrl: nullableString(data, 'errorRedirectUrl'),
    newUserRedirectUrl: nullableString(data, 'newUserRedirectUrl'),
    payload: data['payload'] ?? null,
    requestSignUp: data['requestSignUp'] === true,
    scopes,
    prompt: nullableString(data, 'prompt'),
    accessType: nullableString(data, 'accessType'),
    responseMode,
    authorizationParams: stringRecord(data['authorizationParams']),
  };
}

function nullableString(data: Record<string, unknown>, key: string): string | null {
  const value = data[key];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw invalid();
  return value;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

function stringRecord(value: unknown): Record<string, string> | null {
  if (value === null || value === undefined) return null;
  const record = asObject(value);
  if (record === null || !Object.values(record).every((entry) => typeof entry === 'string')) throw invalid();
  return record as Record<string, string>;
}

function invalid(): OAuthError {
  return new OAuthError('invalid_start_token', 'invalid OAuth start token');
}
