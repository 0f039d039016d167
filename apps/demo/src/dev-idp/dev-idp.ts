import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import type { DevIdpConfig } from '../config/demo-config.js';
import { escapeHtml, page } from '../pages/html.js';
import { DevAccounts } from './dev-accounts.js';
import { createInteractionMiddleware, type ConnectMiddleware } from './interaction-middleware.js';

export interface DevIdp {
  readonly provider: Provider;
  readonly accounts: DevAccounts;
  /** Path prefix the handlers must be mounted at (the issuer's path, e.g. `/dev-idp`). */
  readonly mountPath: string;
  /** Mount in this order at `mountPath`: our interaction pages first, then oidc-provider. */
  readonly handlers: readonly [ConnectMiddleware, ConnectMiddleware];
}

/**
 * The embedded development OpenID Provider (panva's oidc-provider). DEVELOPMENT ONLY: signing keys, cookie
 * keys and the client secret are random per boot, everything is stored in memory, and anyone can sign in
 * as any email.
 */
export async function createDevIdp(config: DevIdpConfig): Promise<DevIdp> {
  const accounts = new DevAccounts();
  const mountPath = new URL(config.issuer).pathname.replace(/\/+$/, '');
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };

  const provider = new Provider(config.issuer, {
    clients: [
      {
        client_id: config.clientId,
        client_secret: config.clientSecret,
        redirect_uris: [config.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Put email and name into the ID token too (not only userinfo), like most real providers do.
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub) => {
      const account = accounts.find(sub);
      if (account === undefined) return undefined;
      return {
        accountId: account.accountId,
        claims: async () => ({ sub: account.accountId, email: account.email, email_verified: true, name: account.name }),
      };
    },
    features: { devInteractions: { enabled: false } },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 600,
      Session: 600,
      Grant: 14 * 24 * 3600,
    },
    interactions: { url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}` },
    // The IdP session is ended after every completed authorization (see below), so codes and tokens must
    // not be bound to it.
    expiresWithSession: async () => false,
    // oidc-provider's default error page loads a web font; ours is self-contained and escapes everything.
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      const rows = Object.entries(out).map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`);
      ctx.body = page('Development identity provider: error', `<h1>Something went wrong</h1><dl>${rows.join('')}</dl>`);
    },
  });
  // The demo talks to the IdP directly (no reverse proxy in front of the embedded provider).
  provider.proxy = false;
  provider.use(forgetSessionAfterLogin);

  const callback = provider.callback();
  const providerHandler: ConnectMiddleware = (req, res, next) => {
    callback(req, res).catch(next);
  };
  return { provider, accounts, mountPath, handlers: [createInteractionMiddleware(provider, accounts, mountPath), providerHandler] };
}

/**
 * No single sign-on at the dev IdP: once an authorization completes, its IdP session is dropped, so the next
 * sign-in (or "link another account") asks again and any email can be used. Otherwise oidc-provider would
 * answer silently with the previous user, or show a logout confirmation when the email changes.
 */
async function forgetSessionAfterLogin(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  await next();
  const session = ctx.oidc?.session;
  const codeIssued = ctx.oidc?.entities?.AuthorizationCode !== undefined;
  if (ctx.oidc?.route === 'resume' && codeIssued && session?.accountId !== undefined) await session.destroy();
}

/** Mounts the dev IdP at its issuer path, outside Nest's router (its routes are not the library's). */
export function mountDevIdp(app: INestApplication, devIdp: DevIdp): void {
  for (const handler of devIdp.handlers) app.use(devIdp.mountPath, handler);
}
