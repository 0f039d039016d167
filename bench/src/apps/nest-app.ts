import { Controller, Get, Module, Param, Res, UseFilters, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import express, { type Express, type Response } from 'express';
import {
  OAuthClients,
  OAuthExceptionFilter,
  OAuthModule,
  OAuthProvider,
  type Clock,
  type OAuthClient,
  type OAuthRepository,
  type StateStrategy,
} from '@belgie/nestjs-oauth';
import { CLIENT_ID, CLIENT_SECRET, MODULE_SECRET, PROVIDER_ID, SCOPES } from './shared.js';

/** The app's own sign-in entry: what a real app puts behind its "Sign in with …" button. */
// Coded errors of the library (e.g. provider_not_found → 404) answered the library's way.
@Controller()
@UseFilters(OAuthExceptionFilter)
class BenchLoginController {
  constructor(private readonly clients: OAuthClients) {}

  @Get('login/:provider')
  async login(@Param('provider') provider: string, @Res() response: Response): Promise<void> {
    const client = this.clients.getOrThrow(provider);
    response.redirect(302, await client.signinUrl({ errorRedirectUrl: '/auth/error', newUserRedirectUrl: '/welcome' }));
  }
}

@Module({})
class BenchRootModule {}

export interface NestBenchOptions {
  baseUrl: string;
  issuer: string;
  repository: OAuthRepository;
  stateStrategy: StateStrategy;
  encryptTokens?: boolean;
  clock?: Clock;
}

export interface NestBenchApp {
  app: INestApplication;
  /** The Express instance: a plain (req, res) handler, mounted by the caller's own server. */
  handler: Express;
  client: OAuthClient;
}

/** Boots the module exactly as an app would (forRoot + a login route), without listening itself. */
export async function createNestBenchApp(options: NestBenchOptions): Promise<NestBenchApp> {
  const provider = OAuthProvider({
    id: PROVIDER_ID,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    discoveryUrl: `${options.issuer}/.well-known/openid-configuration`,
    scopes: [...SCOPES],
    stateStrategy: options.stateStrategy,
    encryptTokens: options.encryptTokens ?? false,
  });
  const module: DynamicModule = {
    module: BenchRootModule,
    imports: [
      OAuthModule.forRoot({
        secret: MODULE_SECRET,
        baseUrl: options.baseUrl,
        providers: [provider],
        repository: options.repository,
        ...(options.clock ? { clock: options.clock } : {}),
      }),
    ],
    controllers: [BenchLoginController],
  };
  const handler = express();
  const app = await NestFactory.create(module, new ExpressAdapter(handler), { logger: false });
  await app.init();
  const client = app.get(OAuthClients).get(PROVIDER_ID);
  if (!client) throw new Error('provider client missing after bootstrap');
  return { app, handler, client };
}

/** The slice of the internal provider strategy the benchmark uses. */
export interface BenchStrategy {
  readonly discoveryFetches: number;
  readonly jwksFetches: number;
  metadata(): Promise<unknown>;
  validateIdToken(
    idToken: string,
    expectations: { nonce: string | null; requireNonceClaim: boolean; accessToken: string | null },
  ): Promise<unknown>;
}

/**
 * The provider strategy behind a client. It is internal API, reached through TypeScript's bracket
 * escape hatch on purpose: the benchmark reads its fetch counters and times ID-token validation
 * without widening the library's public surface.
 */
export function strategyOf(client: OAuthClient): BenchStrategy {
  return client['runtime'].strategy;
}
