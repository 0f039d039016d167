import {
  Controller,
  Get,
  Module,
  Param,
  Query,
  Redirect,
  Res,
  UseFilters,
  UseGuards,
  type DynamicModule,
  type INestApplication,
  type ModuleMetadata,
  type Provider,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  CurrentIndividual,
  OAuthClients,
  OAuthExceptionFilter,
  OAuthModule,
  OAuthRepository,
  SessionGuard,
  type IndividualRecord,
  OAuthProvider,
  type GenericProviderOptions,
  type OAuthModuleValues,
  type OAuthProviderDefinition,
} from '@belgie/nestjs-oauth';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';

// Coded errors of the library (e.g. provider_not_found → 404) answered the library's way.
@Controller()
@UseFilters(OAuthExceptionFilter)
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
    const client = this.clients.getOrThrow(provider);
    const url = linkAs
      ? await client.linkUrl({ individualId: linkAs, returnTo, errorRedirectUrl: '/auth/error' })
      : await client.signInUrl({
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
    const client = this.clients.getOrThrow(provider);
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

/** How the test app registers the module; e2e specs run over both. */
export type TestRegistration = 'forRoot' | 'forRootAsync';
export const TEST_REGISTRATIONS: readonly TestRegistration[] = ['forRoot', 'forRootAsync'];

/** Generic providers by id, without `id` (the key is the id). */
export type GenericProvidersById = Record<string, Omit<GenericProviderOptions, 'id'>>;

/** What a spec adds to the test app beside the login controller (routes, guards, services of its own). */
export interface TestAppExtras {
  controllers?: Type<unknown>[];
  providers?: Provider[];
  imports?: NonNullable<ModuleMetadata['imports']>;
}

export interface TestAppOptions extends Partial<OAuthModuleValues> {
  port: number;
  /** Default `express`. */
  platform?: TestPlatform;
  /**
   * Definitions (`forRoot`), or generic providers by id: then the module is registered with
   * `forRootAsync`, every value (credentials included) read from `ConfigService`.
   */
  providers: readonly OAuthProviderDefinition[] | GenericProvidersById;
  /** Default: a fresh InMemoryOAuthRepository. */
  repository?: OAuthRepository;
  extra?: TestAppExtras;
}

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  repository: OAuthRepository;
  close(): Promise<void>;
}

export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnop';

/**
 * The test app builder: a Nest app with the OAuth module, the login controller above (`/login/:provider`,
 * `/go/:provider`, `/me`, so the app-session-flows helpers work) and the spec's `extra` pieces,
 * listening on 127.0.0.1:port over Express or Fastify.
 */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const { port, providers, repository = new InMemoryOAuthRepository(), platform = 'express', extra = {}, ...values } = options;
  const baseUrl = `http://127.0.0.1:${port}`;
  const oauth = isDefinitionList(providers)
    ? OAuthModule.forRoot({ secret: TEST_SECRET, baseUrl, ...values, providers: [...providers], repository })
    : configServiceModule({ secret: TEST_SECRET, baseUrl, ...values }, providers, repository);
  const module: DynamicModule = {
    module: TestRootModule,
    imports: [oauth, ...(extra.imports ?? [])],
    controllers: [TestAppController, ...(extra.controllers ?? [])],
    providers: extra.providers ?? [],
  };
  const app = platform === 'fastify' ? await createFastifyApp(module) : await NestFactory.create(module, { logger: false });
  await app.listen(port, '127.0.0.1');
  return { app, baseUrl, repository, close: () => app.close() };
}

function isDefinitionList(providers: TestAppOptions['providers']): providers is readonly OAuthProviderDefinition[] {
  return Array.isArray(providers);
}

/**
 * `forRootAsync` the way the README shows it: static ids, and every credential read with
 * `ConfigService` under environment-style names (`OAUTH_SECRET`, `<ID>_CLIENT_ID`, `<ID>_CLIENT_SECRET`);
 * the configuration is loaded by ConfigModule, never read from `process.env` here.
 */
function configServiceModule(values: OAuthModuleValues, providers: GenericProvidersById, repository: OAuthRepository): DynamicModule {
  const { secret, baseUrl, ...rest } = values;
  const credentials = Object.entries(providers).flatMap(([id, options]) => [
    [`${id.toUpperCase()}_CLIENT_ID`, options.clientId],
    [`${id.toUpperCase()}_CLIENT_SECRET`, options.clientSecret ?? undefined],
  ]);
  const environment = () => ({ OAUTH_SECRET: secret, BASE_URL: baseUrl, ...Object.fromEntries(credentials) });
  const factories: Record<string, typeof OAuthProvider> = Object.fromEntries(Object.keys(providers).map((id) => [id, OAuthProvider]));
  return OAuthModule.forRootAsync({
    imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [environment] })],
    inject: [ConfigService],
    providers: factories,
    repository,
    useFactory: (config: ConfigService) => ({
      ...rest,
      secret: config.getOrThrow<string | string[]>('OAUTH_SECRET'),
      baseUrl: config.getOrThrow<string>('BASE_URL'),
      providers: Object.fromEntries(
        Object.entries(providers).map(([id, options]) => {
          const clientSecret = config.get<string>(`${id.toUpperCase()}_CLIENT_SECRET`);
          return [id, { ...options, clientId: config.getOrThrow<string>(`${id.toUpperCase()}_CLIENT_ID`), ...(clientSecret === undefined ? {} : { clientSecret }) }];
        }),
      ),
    }),
  });
}

/**
 * No `app.register(@fastify/formbody)`: Nest's FastifyAdapter registers its own urlencoded parser (used
 * by `form_post` callbacks) unless the app opts out with `bodyParser: false`, and a second one is refused.
 */
function createFastifyApp(module: DynamicModule): Promise<NestFastifyApplication> {
  return NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { logger: false });
}
