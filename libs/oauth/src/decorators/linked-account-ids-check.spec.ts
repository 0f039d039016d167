import { afterEach, describe, expect, it } from '@jest/globals';
import { Controller, Get, Injectable, Module, type DynamicModule, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigurationError } from '../errors/oauth-error.js';
import type { OAuthClient } from '../client/oauth-client.js';
import { OAuthModule } from '../module/oauth.module.js';
import { OAuthProvider } from '../providers/provider-definition.js';
import { InMemoryOAuthRepository } from '../testing/in-memory-oauth-repository.js';
import { InjectOAuth } from './inject-oauth.js';
import { RequireLinkedAccount } from './require-linked-account.js';

const discoveryUrl = 'http://127.0.0.1:9/.well-known/openid-configuration';
const providers = [
  OAuthProvider({ id: 'op', clientId: 'app', clientType: 'public', discoveryUrl }),
  OAuthProvider({ id: 'corp', clientId: 'app', clientSecret: 'corp-secret', discoveryUrl }),
];

function oauthModule(isGlobal?: boolean): DynamicModule {
  return OAuthModule.forRoot({
    secret: 'inject-oauth-check-secret-0123456789abcdef',
    baseUrl: 'http://127.0.0.1:3000',
    providers,
    repository: new InMemoryOAuthRepository(),
    ...(isGlobal === undefined ? {} : { isGlobal }),
  });
}

function rootModule(consumer: Type<unknown>, controllers: Type<unknown>[] = []): Type<unknown> {
  @Module({ imports: [oauthModule()], providers: [consumer], controllers })
  class Root {}
  return Root;
}

@Injectable()
class GoodConsumer {
  @InjectOAuth('corp') corp!: OAuthClient<'corp'>;
  constructor(@InjectOAuth('op') readonly op: OAuthClient<'op'>) {}
}

@Injectable()
class TypoConsumer {
  constructor(@InjectOAuth('gogle') readonly google: OAuthClient) {}
}

@Controller('typo')
class TypoRequirementController {
  @Get()
  @RequireLinkedAccount('gooogle')
  list(): string {
    return 'never';
  }
}

function bootstrapFailure(root: Type<unknown>): Promise<unknown> {
  // createApplicationContext runs the init hooks itself: bootstrap is what fails.
  return NestFactory.createApplicationContext(root, { logger: false, abortOnError: false }).then(
    () => null,
    (error: unknown) => error,
  );
}

describe('@InjectOAuth and @RequireLinkedAccount at bootstrap', () => {
  let context: INestApplicationContext | undefined;
  afterEach(async () => {
    await context?.close().catch(() => undefined);
    context = undefined;
  });

  it('injects the configured clients (constructor parameter and property)', async () => {
    context = await NestFactory.createApplicationContext(rootModule(GoodConsumer), { logger: false, abortOnError: false });
    await context.init();
    const consumer = context.get(GoodConsumer);
    expect(consumer.op.providerId).toBe('op');
    expect(consumer.corp.providerId).toBe('corp');
  });

  it('an unknown id stops bootstrap with Nest DI error naming the class and the client token', async () => {
    const failure = await bootstrapFailure(rootModule(TypoConsumer));
    expect(failure).toBeInstanceOf(Error);
    const message = failure instanceof Error ? failure.message : '';
    expect(message).toContain("can't resolve dependencies of the TypoConsumer");
    expect(message).toContain('OAuthClient:gogle');
  });

  it('regression: a module that cannot see a non-global OAuthModule gets a DI error, not undefined', async () => {
    @Module({ providers: [GoodConsumer] })
    class FeatureWithoutOAuth {}
    @Module({ imports: [oauthModule(false), FeatureWithoutOAuth] })
    class Root {}
    const failure = await bootstrapFailure(Root);
    expect(failure instanceof Error ? failure.message : '').toContain("can't resolve dependencies of the GoodConsumer");
  });

  it('a non-global OAuthModule serves the modules that import it', async () => {
    const shared = oauthModule(false);
    @Module({ imports: [shared], providers: [GoodConsumer] })
    class Feature {}
    @Module({ imports: [shared, Feature] })
    class Root {}
    context = await NestFactory.createApplicationContext(Root, { logger: false, abortOnError: false });
    expect(context.get(GoodConsumer).op.providerId).toBe('op');
  });

  it('names an unknown @RequireLinkedAccount provider id on a controller, with the configured ids', async () => {
    const failure = await bootstrapFailure(rootModule(GoodConsumer, [TypoRequirementController]));
    expect(failure).toBeInstanceOf(ConfigurationError);
    const message = failure instanceof Error ? failure.message : '';
    expect(message).toContain("configured providers: 'op', 'corp'");
    expect(message).toContain("TypoRequirementController uses @RequireLinkedAccount('gooogle'), but no provider 'gooogle' is configured");
  });
});
