// Public surface of @belgie/nestjs-oauth: named exports only.
export { OAuthModule } from './module/oauth.module.js';
export type {
  OAuthModuleOptions,
  OAuthModuleAsyncOptions,
  OAuthModuleAsyncValues,
  OAuthModuleValues,
  OAuthOptionsFactory,
  OAuthProviderFactory,
  OAuthProviderFactories,
  ProviderFactoryOptions,
  RepositoryOption,
  SameSite,
} from './module/oauth-module-options.js';
export { OAUTH_CLOCK, getOAuthClientToken } from './options/tokens.js';
export { OAuthProvider, type OAuthProviderDefinition, type ProviderStrategyFactory } from './providers/provider-definition.js';
export { ProviderStrategy, type StrategyDependencies, type AuthorizationRequest, type IdTokenExpectations } from './providers/provider-strategy.js';
export type {
  GenericProviderOptions,
  SharedProviderOptions,
  ProviderHooks,
  ProviderHttpContext,
  ResponseMode,
  StateStrategy,
  TokenEndpointAuthMethod,
} from './providers/provider-options.js';
export { OAuthClient } from './client/oauth-client.js';
export { OAuthClients } from './client/oauth-clients.js';
export type { SignInUrlOptions, LinkUrlOptions } from './flow/sign-in/start-flow.js';
export type { OAuthStartRedirect } from './http/start-response.js';
export type { OAuthLinkedAccount } from './flow/accounts/linked-account.js';
export type { OAuthUserInfo } from './providers/user-info.js';
export type { OAuthHooks, OAuthHookContext, AuthenticatedProfile } from './options/hooks.js';
export type { OAuthTokenSet } from './transport/token-set.js';
export type { ProviderMetadata } from './transport/metadata.js';
export { OAuthSessions } from './http/oauth-sessions.js';
export { SameOriginGuard } from './guards/same-origin.guard.js';
export { SessionGuard, type SignedInSession, type RequestWithSession } from './guards/session-guard.js';
export { OAuthExceptionFilter } from './http/oauth-exception.filter.js';
export { CurrentIndividual, CurrentSession } from './decorators/current-individual.js';
export { InjectOAuth } from './decorators/inject-oauth.js';
export { OAuthRepository } from './persistence/oauth-repository.js';
// Also on the main entry so a first app (the README quick start) runs without a database. It keeps
// everything in process memory: lost on restart, not shared between instances; not for production.
export { InMemoryOAuthRepository, type InMemoryOAuthRepositoryOptions } from './testing/in-memory-oauth-repository.js';
export type { SessionWithIndividual } from './persistence/oauth-repository.js';
export { tokenFieldsToWrite } from './persistence/token-updates.js';
// For repository authors on one shared connection: operations one at a time (see its comment).
export { SerialLock } from './persistence/serial-lock.js';
export type * from './persistence/records.js';
export { OAuthStateStore } from './state/oauth-state-store.js';
export type { Clock } from './common/clock.js';
export * from './errors/index.js';
export { GoogleOAuth, type GoogleOAuthOptions } from './providers/google/google-options.js';
export type { GoogleOAuthClient, GoogleUserInfo } from './client/google-client.js';
export { MicrosoftOAuth, type MicrosoftOAuthOptions, type MicrosoftPhotoSize } from './providers/microsoft/microsoft-options.js';
export type { MicrosoftOAuthClient, MicrosoftUserInfo } from './client/microsoft-client.js';
export { OAuthEvents } from './flow/shared/oauth-events.js';
export type { OAuthEvent, OAuthEventType, OAuthEventOf, OAuthEventBase, OAuthSimpleEvent, OAuthRefreshFailedEvent } from './flow/shared/oauth-events.js';
export { accountCookieName } from './flow/accounts/account-cookie.js';
export { defineOAuthProviders, type OAuthInjectDecorator } from './decorators/inject-oauth.js';
export type { OAuthProviderRegistry, RegisteredProviderId, ProviderIdsOf, ProviderIdsIn } from './decorators/provider-ids.js';
export { RequireLinkedAccount } from './decorators/require-linked-account.js';
export { ProviderAccessToken, LinkedProviderAccountId } from './decorators/provider-access-token.js';
export { LinkedAccountGuard, type MatchedLinkedAccount, type LinkedAccountRefusal } from './guards/linked-account.guard.js';
export type { LinkedAccountRequirement, RequireLinkedAccountOptions } from './guards/linked-account-requirement.js';
export { GitHubOAuth, type GitHubOAuthOptions } from './providers/github/github-options.js';
export type { GitHubUser, GitHubEmail, GitHubUserInfo } from './providers/github/github-profile.js';
export { Auth0OAuth, type Auth0OAuthOptions } from './providers/auth0/auth0-options.js';
export { OktaOAuth, type OktaOAuthOptions } from './providers/okta/okta-options.js';
export { KeycloakOAuth, type KeycloakOAuthOptions } from './providers/keycloak/keycloak-options.js';
export { AppleOAuth, type AppleOAuthOptions } from './providers/apple/apple-options.js';
export type { AppleIdTokenClaims } from './providers/apple/apple-profile.js';
