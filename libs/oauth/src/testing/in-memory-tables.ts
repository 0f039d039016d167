import { tokenFieldsToWrite } from '../persistence/token-updates.js';
import type { AccountRecord, AccountTokenFields, IndividualRecord, SessionRecord, StateRecord } from '../persistence/records.js';

/** A refresh lease as stored per account id. */
export interface RefreshLease {
  owner: string;
  expiresAt: Date;
}

/** Everything the in-memory repository stores; cloned whole for a transaction snapshot. */
export interface InMemoryTables {
  individuals: Map<string, IndividualRecord>;
  sessions: Map<string, SessionRecord>;
  accounts: Map<string, AccountRecord>;
  states: Map<string, StateRecord>;
  leases: Map<string, RefreshLease>;
  /** Single-use records (replay defence): key → expiry. */
  tokenUses: Map<string, Date>;
}

export function emptyTables(): InMemoryTables {
  return {
    individuals: new Map(),
    sessions: new Map(),
    accounts: new Map(),
    states: new Map(),
    leases: new Map(),
    tokenUses: new Map(),
  };
}

/**
 * Deep copy, so neither the caller nor the store can mutate the other's objects. Not
 * `structuredClone`: it builds Dates of the main realm, which fail `instanceof Date` inside Jest's
 * VM context. Stored values are only Dates, arrays, Maps, plain objects and primitives.
 */
export function copy<T>(value: T): T {
  return deepCopy(value) as T;
}

function deepCopy(value: unknown): unknown {
  if (value instanceof Date) {
    return new Date(value.getTime());
  }
  if (Array.isArray(value)) {
    return value.map(deepCopy);
  }
  if (value instanceof Map) {
    return new Map([...value].map(([key, entry]: [unknown, unknown]) => [key, deepCopy(entry)]));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, deepCopy(entry)]));
  }
  return value;
}

export function copyDate(value: Date | null | undefined): Date | null {
  return value === null || value === undefined ? null : new Date(value.getTime());
}

/** The seven token fields only (callers may pass a wider object); undefined becomes null. */
export function pickTokens(tokens: AccountTokenFields): AccountTokenFields {
  return {
    accessToken: tokens.accessToken ?? null,
    refreshToken: tokens.refreshToken ?? null,
    idToken: tokens.idToken ?? null,
    accessTokenExpiresAt: copyDate(tokens.accessTokenExpiresAt),
    refreshTokenExpiresAt: copyDate(tokens.refreshTokenExpiresAt),
    scope: tokens.scope ?? null,
    tokenType: tokens.tokenType ?? null,
  };
}

/** The stored fields with the null-preserving update applied (see `tokenFieldsToWrite`). */
export function mergeTokens(stored: AccountTokenFields, update: AccountTokenFields): AccountTokenFields {
  return pickTokens({ ...stored, ...tokenFieldsToWrite(update) });
}

/**
 * The payload goes through JSON like a SQL JSON column would, so code tested against the in-memory
 * repository cannot rely on non-JSON values (Dates, undefined, class instances) surviving.
 */
export function jsonRoundTrip(payload: unknown): unknown {
  const text = JSON.stringify(payload);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

/** Sort key of `listAccounts`: createdAt ascending, then id. */
export function compareAccounts(a: AccountRecord, b: AccountRecord): number {
  const byTime = a.createdAt.getTime() - b.createdAt.getTime();
  if (byTime !== 0) {
    return byTime;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
