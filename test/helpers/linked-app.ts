import { Controller, Get, Module, Param, Query, Res, UseFilters, UseGuards, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Response } from 'express';
import {
  CurrentIndividual,
  OAuthClients,
  OAuthExceptionFilter,
  OAuthModule,
  SessionGuard,
  type IndividualRecord,
  type OAuthModuleValues,
  type OAuthProviderDefinition,
  type OAuthRepository,
} from '@belgie/nestjs-oauth';
import { TEST_SECRET } from './oauth-test-app.js';

/**
 * Like test/helpers/oauth-test-app.ts (same `/login/:provider` and `/me` routes, so
 * `signInViaApp` works), plus the caller's own controllers: the specs of the linked-account guard,
 * the account cookie, events and token encryption need routes or secrets of their own.
 */
// Coded errors of the library (e.g. provider_not_found → 404) answered the library's way.
@Controller()
@UseFilters(OAuthExceptionFilter)
class LoginController {
  constructor(private readonly clients: OAuthClients) {}

  @Get('login/:provider')
  async login(
    @Param('provider') provider: string,
    @Query('return_to') returnTo: string | undefined,
    @Query('link_as') linkAs: string | undefined,
    @Query('login_hint') loginHint: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const client = this.clients.getOrThrow(provider);
    const authorizationParams = loginHint ? { login_hint: loginHint } : null;
    const url = linkAs
      ? await client.linkUrl({ individualId: linkAs, returnTo, errorRedirectUrl: '/auth/error', authorizationParams })
      : await client.signInUrl({ returnTo, errorRedirectUrl: '/auth/error', newUserRedirectUrl: '/welcome', authorizationParams });
    response.redirect(302, url);
  }

  @Get('me')
  @UseGuards(SessionGuard)
  me(@CurrentIndividual() individual: IndividualRecord): unknown {
    return { individual };
  }
}

@Module({})
class LinkedRootModule {}

export interface LinkedAppOptions extends Partial<OAuthModuleValues> {
  port: number;
  providers: readonly OAuthProviderDefinition[];
  repository: OAuthRepository;
  controllers?: Type<unknown>[];
}

export interface LinkedApp {
  app: INestApplication;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startLinkedApp(options: LinkedAppOptions): Promise<LinkedApp> {
  const { port, providers, repository, controllers = [], ...values } = options;
  const baseUrl = `http://127.0.0.1:${port}`;
  const module: DynamicModule = {
    module: LinkedRootModule,
    imports: [OAuthModule.forRoot({ secret: TEST_SECRET, baseUrl, ...values, providers, repository })],
    controllers: [LoginController, ...controllers],
  };
  const app = await NestFactory.create(module, { logger: false });
  await app.listen(port, '127.0.0.1');
  return { app, baseUrl, close: () => app.close() };
}
