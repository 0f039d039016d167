import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Controller, Get, Header, Module, Param, Redirect, Res, UseGuards, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import express from 'express';
import {
  CurrentIndividual,
  OAuthClients,
  OAuthModule,
  OAuthProvider,
  SessionGuard,
  type Clock,
  type IndividualRecord,
  type OAuthClient,
  type OAuthRepository,
  type StateStrategy,
} from '@belgie/nestjs-oauth';
import { meView, type MeView } from './me-view.js';
import { signInRedirect, type RedirectResult } from './nest-login.js';
import { CLIENT_ID, CLIENT_SECRET, MODULE_SECRET, PROVIDER_ID, SCOPES, SESSION_CACHE_SECONDS } from './shared.js';

/** The app's own routes: what a real app puts behind "Sign in with …", and a demo-like `GET /me`. */
@Controller()
class BenchAppController {
  constructor(private readonly clients: OAuthClients) {}

  // `@Redirect()` + passthrough response: the same handler runs on Express and Fastify, and a one-hop
  // start can still set its state cookies on the response.
  @Get('login/:provider')
  @Redirect()
  async login(@Param('provider') provider: string, @Res({ passthrough: true }) response: unknown): Promise<RedirectResult> {
    const client = this.clients.get(provider);
    if (!client) throw new Error(`unknown provider ${provider}`);
    return signInRedirect(client, response, { errorRedirectUrl: '/auth/error', newUserRedirectUrl: '/welcome' });
  }

  /** As the demo's `/me`: the signed-in individual and their linked accounts (no token strings). */
  @Get('me')
  @UseGuards(SessionGuard)
  @Header('Cache-Control', 'no-store')
  async me(@CurrentIndividual() individual: IndividualRecord): Promise<MeView> {
    const accounts = await Promise.all(this.clients.ids().map((id) => this.clients.get(id)?.listAccounts(individual.id) ?? []));
    return meView(individual, accounts.flat());
  }
}

@Module({})
class BenchRootModule {}

export type BenchPlatform = 'express' | 'fastify';

export interface NestBenchOptions {
  baseUrl: string;
  issuer: string;
  repository: OAuthRepository;
  stateStrategy: StateStrategy;
  platform?: BenchPlatform;
  /** Turns on the signed session cache (`session.cache`). */
  sessionCache?: boolean;
  encryptTokens?: boolean;
  clock?: Clock;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface NestBenchApp {
  app: INestApplication;
  /** A plain node:http handler, mounted by the caller's own server (which also serves the OP stub). */
  handler: Handler;
  client: OAuthClient;
}

/** Express or Fastify under Nest, exposed as a node:http handler instead of listening itself. */
async function createPlatformApp(module: DynamicModule, platform: BenchPlatform): Promise<{ app: INestApplication; handler: Handler }> {
  if (platform === 'express') {
    const handler = express();
    const app = await NestFactory.create(module, new ExpressAdapter(handler), { logger: false });
    await app.init();
    return { app, handler };
  }
  let captured: Handler | null = null;
  // Fastify hands its request handler to a server factory; the bench's own server calls it.
  const adapter = new FastifyAdapter({
    serverFactory: (handler: Handler) => {
      captured = handler;
      return createServer();
    },
  });
  const app = await NestFactory.create(module, adapter, { logger: false });
  await app.init();
  await adapter.getInstance().ready();
  const handler = captured as Handler | null;
  if (handler === null) throw new Error('Fastify did not hand over its request handler');
  return { app, handler };
}

/** Boots the module exactly as an app would (forRoot + its own routes), without listening itself. */
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
        ...(options.sessionCache ? { session: { cache: { maxAgeSeconds: SESSION_CACHE_SECONDS } } } : {}),
        ...(options.clock ? { clock: options.clock } : {}),
      }),
    ],
    controllers: [BenchAppController],
  };
  const { app, handler } = await createPlatformApp(module, options.platform ?? 'express');
  const client = app.get(OAuthClients).get(PROVIDER_ID);
  if (!client) throw new Error('provider client missing after bootstrap');
  return { app, handler, client };
}

/** The slice of the internal provider strategy the benchmark uses. */
export interface BenchStrategy {
  metadata(): Promise<unknown>;
  validateIdToken(
    idToken: string,
    expectations: { nonce: string | null; requireNonceClaim: boolean; accessToken: string | null },
  ): Promise<unknown>;
}

/**
 * The provider strategy behind a client. It is internal API, reached through TypeScript's bracket
 * escape hatch on purpose: the benchmark asks for its metadata and times ID-token validation
 * without widening the library's public surface.
 */
export function strategyOf(client: OAuthClient): BenchStrategy {
  return client['runtime'].strategy;
}
