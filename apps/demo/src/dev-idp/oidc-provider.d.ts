/**
 * The slice of `oidc-provider` (v9, which ships no type declarations) that the embedded development IdP
 * uses. Kept deliberately narrow: anything not declared here is not used by the demo.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type ClaimsValue = Record<string, unknown> & { sub: string };

  export interface Account {
    accountId: string;
    claims(use: string, scope: string, claims: unknown, rejected: string[]): Promise<ClaimsValue>;
  }

  export interface OidcSession {
    accountId?: string;
    destroy(): Promise<void>;
  }

  /** The Koa context as oidc-provider extends it (only what the demo reads). */
  export interface KoaContextWithOIDC {
    method: string;
    path: string;
    type: string;
    body: unknown;
    oidc?: { route?: string; session?: OidcSession; entities?: Record<string, unknown> };
  }

  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    redirect_uris: string[];
    grant_types?: string[];
    response_types?: string[];
    token_endpoint_auth_method?: string;
  }

  export interface InteractionPrompt {
    name: string;
    reasons: string[];
    details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[] } & Record<string, unknown>;
  }

  export interface Interaction {
    uid: string;
    returnTo: string;
    params: Record<string, unknown>;
    prompt: InteractionPrompt;
    session?: { accountId?: string };
    grantId?: string;
  }

  export interface GrantInstance {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    save(): Promise<string>;
  }

  export interface InteractionResults {
    login?: { accountId: string; remember?: boolean };
    consent?: { grantId: string };
    [prompt: string]: unknown;
  }

  export interface Configuration {
    clients?: ClientMetadata[];
    jwks?: { keys: Record<string, unknown>[] };
    cookies?: { keys: string[] };
    findAccount?: (ctx: KoaContextWithOIDC, sub: string, token?: unknown) => Promise<Account | undefined>;
    scopes?: string[];
    claims?: Record<string, string[]>;
    conformIdTokenClaims?: boolean;
    features?: Record<string, { enabled: boolean } & Record<string, unknown>>;
    interactions?: { url: (ctx: KoaContextWithOIDC, interaction: Interaction) => string | Promise<string> };
    expiresWithSession?: (ctx: KoaContextWithOIDC, source: unknown) => Promise<boolean>;
    renderError?: (ctx: KoaContextWithOIDC, out: Record<string, string>, error: unknown) => Promise<void>;
    ttl?: Record<string, number>;
  }

  export type KoaMiddleware = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>;

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    proxy: boolean;
    readonly Grant: new (properties: { accountId: string; clientId: string }) => GrantInstance;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    use(middleware: KoaMiddleware): void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
  }
}
