import express, { type Express } from 'express';
import session from 'express-session';
import passport from 'passport';
import * as oidc from 'openid-client';
import { Strategy, type VerifyFunctionWithRequest } from 'openid-client/passport';
import type { IndividualRecord, OAuthRepository } from '@belgie/nestjs-oauth';
import { meView } from './me-view.js';
import { CLIENT_ID, CLIENT_SECRET, MODULE_SECRET, PROVIDER_ID, SCOPES, writePassportSignIn } from './shared.js';

export interface PassportBenchOptions {
  baseUrl: string;
  issuer: string;
  repository: OAuthRepository;
}

interface BenchUser {
  id: string;
}

function stringClaim(claims: Record<string, unknown>, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' ? value : null;
}

/**
 * The comparison most Node apps would write: Passport, openid-client's own Passport strategy
 * (PKCE, its recommended setup) and express-session's default MemoryStore for the flow state and the
 * login session. The verify callback writes the same SQLite rows as the module.
 */
export async function createPassportBenchApp(options: PassportBenchOptions): Promise<Express> {
  // Plain HTTP is only allowed because everything runs on 127.0.0.1.
  const config = await oidc.discovery(new URL(options.issuer), CLIENT_ID, CLIENT_SECRET, undefined, {
    execute: [oidc.allowInsecureRequests],
  });
  const verify: VerifyFunctionWithRequest = (request, tokens, done) => {
    const claims = (tokens.claims() ?? {}) as Record<string, unknown>;
    const sub = stringClaim(claims, 'sub');
    if (sub === null) {
      done(null, false);
      return;
    }
    writePassportSignIn(
      options.repository,
      { sub, email: stringClaim(claims, 'email'), emailVerified: claims['email_verified'] === true, name: stringClaim(claims, 'name') },
      {
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token ?? null,
        idToken: tokens.id_token ?? null,
        expiresInSec: tokens.expiresIn() ?? null,
        scope: tokens.scope ?? null,
        tokenType: tokens.token_type,
      },
      { ipAddress: request.ip ?? null, userAgent: request.get('user-agent') ?? null },
    ).then(
      (individual) => done(null, { id: individual.id } satisfies BenchUser),
      (error: unknown) => done(error),
    );
  };
  passport.use(
    PROVIDER_ID,
    new Strategy(
      { config, scope: SCOPES.join(' '), callbackURL: `${options.baseUrl}/auth/callback`, passReqToCallback: true },
      verify,
    ),
  );
  passport.serializeUser((user, done) => done(null, (user as BenchUser).id));
  // What a Passport app does on every signed-in request: load the user named by the session.
  passport.deserializeUser((id: string, done) => {
    options.repository.findIndividualById(id).then(
      (individual) => done(null, individual ?? false),
      (error: unknown) => done(error),
    );
  });

  const app = express();
  app.use(
    session({
      secret: MODULE_SECRET,
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: false },
    }),
  );
  app.use(passport.initialize());
  app.use(passport.session());
  app.get('/login/:provider', passport.authenticate(PROVIDER_ID));
  app.get('/auth/callback', passport.authenticate(PROVIDER_ID, { successRedirect: '/', failureRedirect: '/auth/error' }));
  // The demo's `GET /me`, the Passport way: `req.user` from deserializeUser, then the accounts.
  app.get('/me', (request, response, next) => {
    const individual = request.user as IndividualRecord | undefined;
    if (!individual) {
      response.status(401).json({ code: 'not_authenticated' });
      return;
    }
    options.repository.listAccounts(individual.id, PROVIDER_ID).then(
      (accounts) => response.set('cache-control', 'no-store').json(meView(individual, accounts)),
      next,
    );
  });
  return app;
}
