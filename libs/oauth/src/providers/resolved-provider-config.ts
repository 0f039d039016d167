import type {
  ProviderHooks,
  ResponseMode,
  StateStrategy,
  TokenEndpointAuthMethod,
} from './provider-options.js';

/** A provider's options after defaults and validation: frozen, camelCase, every value explicit. */
export interface ResolvedProviderConfig {
  readonly id: string;
  readonly clientIds: readonly string[];
  readonly primaryClientId: string;
  readonly clientSecret: string | null;
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  readonly discoveryUrl: string | null;
  readonly discoveryTtlMs: number;
  readonly issuer: string | null;
  readonly requireIssuerParameter: boolean | undefined;
  readonly authorizationEndpoint: string | null;
  readonly tokenEndpoint: string | null;
  readonly userinfoEndpoint: string | null;
  readonly jwksUri: string | null;
  readonly scopes: readonly string[];
  readonly responseType: string;
  readonly responseMode: ResponseMode | null;
  readonly prompt: string | null;
  readonly accessType: string | null;
  readonly stateStrategy: StateStrategy;
  readonly usePkce: boolean;
  readonly codeChallengeMethod: 'S256';
  readonly useNonce: boolean;
  readonly overrideUserInfoOnSignIn: boolean;
  readonly updateAccountOnSignIn: boolean;
  readonly disableSignUp: boolean;
  readonly disableImplicitSignUp: boolean;
  readonly disableIdTokenSignIn: boolean;
  readonly allowImplicitAccountLinking: boolean;
  readonly allowDifferentLinkEmails: boolean;
  readonly trustedForAccountLinking: boolean;
  readonly storeAccountCookie: boolean;
  readonly defaultErrorRedirectUrl: string | null;
  readonly encryptTokens: boolean;
  readonly tokenEncryptionSecrets: readonly string[] | null;
  readonly authorizationParams: Readonly<Record<string, string>>;
  readonly tokenParams: Readonly<Record<string, string>>;
  readonly discoveryHeaders: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly trustedAudiences: readonly string[];
  readonly idTokenMaxAgeSec: number | null;
  readonly requireServerNonce: boolean;
  readonly hooks: Readonly<ProviderHooks>;
}
