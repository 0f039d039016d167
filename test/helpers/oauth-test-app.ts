import {
  Controller,
  Get,
  Module,
  NotFoundException,
  Param,
  Query,
  Redirect,
  Res,
  UseGuards,
  type DynamicModule,
  type INestApplication,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
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

  // `@Redirect` + a returned `{ url }` instead of `@Res()`: the same code runs on Express and Fastify.
  @Get('login/:provider')
  @Redirect()
  async login(
    @Param('provider') provider: string,
    @Query('return_to') returnTo: string | undefined,
    @Query('link_as') linkAs: string | undefined,
    @Query('login_hint') loginHint: string | undefined,
  ): Promise<{ url: string; statusCode: number }> {
    const client = this.clients.get(provider);
    if (!client) throw new NotFoundException();
    const url = linkAs
      ? await client.linkUrl({ individualId: linkAs, returnTo, errorRedirectUrl: '/auth/error' })
      : await client.signinUrl({
          returnTo,
          errorRedirectUrl: '/auth/error',
          newUserRedirectUrl: '/welcome',
          authorizationParams: loginHint ? { login_hint: loginHint } : null,
        });
    return { url, statusCode: 302 };
  }

  /** The one-hop start: state cookies and the redirect to the provider in this one response. */
  @Get('go/:provider')
  @Redirect()
  async go(
    @Param('provider') provider: string,
    @Query('return_to') returnTo: string | undefined,
    @Query('link_as') linkAs: string | undefined,
    @Query('login_hint') loginHint: string | undefined,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<{ url: string; statusCode: number }> {
    const client = this.clients.get(provider);
    if (!client) throw new NotFoundException();
    const authorizationParams = loginHint ? { login_hint: loginHint } : null;
    return linkAs
      ? client.startLink(response, { individualId: linkAs, returnTo, errorRedirectUrl: '/auth/error', authorizationParams })
      : client.startSignIn(response, { returnTo, errorRedirectUrl: '/auth/error', newUserRedirectUrl: '/welcome', authorizationParams });
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

/** The HTTP platforms the library supports; e2e specs run their flows over both. */
export type TestPlatform = 'express' | 'fastify';
export const TEST_PLATFORMS: readonly TestPlatform[] = ['express', 'fastify'];

export interface TestAppOptions extends Partial<OAuthModuleValues> {
  port: number;
  /** Default `express`. */
  platform?: TestPlatform;
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
  const { port, providers, repository = new InMemoryOAuthRepository(), platform = 'express', ...values } = options;
  const baseUrl = `http://127.0.0.1:${port}`;
  const module: DynamicModule = {
    module: TestRootModule,
    imports: [OAuthModule.forRoot({ secret: TEST_SECRET, baseUrl, ...values, providers, repository })],
    controllers: [TestAppController],
  };
  const app = platform === 'fastify' ? await createFastifyApp(module) : await NestFactory.create(module, { logger: false });
  await app.listen(port, '127.0.0.1');
  return { app, baseUrl, repository, close: () => app.close() };
}

/**
 * No `app.register(@fastify/formbody)`: Nest's FastifyAdapter registers its own urlencoded parser (used
 * by `form_post` callbacks) unless the app opts out with `bodyParser: false`, and a second one is refused.
 */
function createFastifyApp(module: DynamicModule): Promise<NestFastifyApplication> {
  return NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { logger: false });
}
