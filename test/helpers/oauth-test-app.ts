import { Controller, Get, Module, Param, Query, Res, UseGuards, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Response } from 'express';
import {
  CurrentIndividual,
  OAuthClients,
  OAuthModule,
  OAuthRepository,
  SessionGuard,
  type IndividualRecord,
  type OAuthModuleValues,
  type OAuthProviderDefinition,
} from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';

@Controller()
class TestAppController {
  constructor(
    private readonly clients: OAuthClients,
    private readonly repository: OAuthRepository,
  ) {}

  @Get('login/:provider')
  async login(
    @Param('provider') provider: string,
    @Query('return_to') returnTo: string | undefined,
    @Query('link_as') linkAs: string | undefined,
    @Query('login_hint') loginHint: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const client = this.clients.get(provider);
    if (!client) {
      response.status(404).end();
      return;
    }
    const url = linkAs
      ? await client.linkUrl({ individualId: linkAs, returnTo, errorRedirectUrl: '/auth/error' })
      : await client.signinUrl({
          returnTo,
          errorRedirectUrl: '/auth/error',
          newUserRedirectUrl: '/welcome',
          authorizationParams: loginHint ? { login_hint: loginHint } : null,
        });
    response.redirect(302, url);
  }

  @Get('me')
  @UseGuards(SessionGuard)
  async me(@CurrentIndividual() individual: IndividualRecord): Promise<unknown> {
    const accounts = await Promise.all(this.clients.ids().map((id) => this.repository.listAccounts(individual.id, id)));
    return { individual, accounts: accounts.flat().map(({ provider, providerAccountId }) => ({ provider, providerAccountId })) };
  }
}

@Module({})
class TestRootModule {}

export interface TestAppOptions extends Partial<OAuthModuleValues> {
  port: number;
  providers: OAuthProviderDefinition[];
  repository?: OAuthRepository;
}

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  repository: OAuthRepository;
  close(): Promise<void>;
}

export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnop';

/** Boots a Nest app with the OAuth module and a tiny controller, listening on 127.0.0.1:port. */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const { port, providers, repository = new InMemoryOAuthRepository(), ...values } = options;
  const baseUrl = `http://127.0.0.1:${port}`;
  const module: DynamicModule = {
    module: TestRootModule,
    imports: [OAuthModule.forRoot({ secret: TEST_SECRET, baseUrl, ...values, providers, repository })],
    controllers: [TestAppController],
  };
  const app = await NestFactory.create(module, { logger: false });
  await app.listen(port, '127.0.0.1');
  return { app, baseUrl, repository, close: () => app.close() };
}
