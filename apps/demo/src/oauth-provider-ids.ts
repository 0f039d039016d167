/**
 * The demo's provider ids, for the compiler: `@InjectOAuth('gogle')` or `@RequireLinkedAccount('dve')`
 * does not compile. An app augments the registry once, like this. (This file is left out of the
 * repository-wide spec program in tsconfig.spec.json: an augmentation constrains every file of the
 * program that sees it, and the library's own tests use other ids.)
 */
declare module '@belgie/nestjs-oauth' {
  interface OAuthProviderRegistry {
    dev: true;
    oidc: true;
    google: true;
    microsoft: true;
    github: true;
    apple: true;
    auth0: true;
    okta: true;
    keycloak: true;
  }
}

export {};
