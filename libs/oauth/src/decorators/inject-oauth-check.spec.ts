import { afterEach, describe, expect, it } from '@jest/globals';
import { Controller, Get, Injectable, Module, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigurationError } from '../errors/oauth-error.js';
import type { OAuthClient } from '../flow/oauth-client.js';
import { OAuthModule } from '../module/oauth.module.js';
import { OAuthProvider } from '../providers/provider-definition.js';
import { InMemoryOAuthRepository } from '../testing/in-memory-oauth-repository.js';
import { InjectOAuth } from './inject-oauth.js';
import { RequireLinkedAccount } from './require-linked-account.js';

const providers = [
  OAuthProvider({ id: 'op', clientId: 'app', discoveryUrl: 'http://127.0.0.1:9/.well-known/openid-configuration' }),
  OAuthProvider({ id: 'corp', clientId: 'app', discoveryUrl: 'http://127.0.0.1:9/.well-known/openid-configuration' }),
];

function rootModule(consumer: Type<unknown>, controllers: Type<unknown>[] = []): Type<unknown> {
  @Module({
    imports: [
      OAuthModule.forRoot({
        secret: 'inject-oauth-check-secret-0123456789abcdef',
        baseUrl: 'http://127.0.0.1:3000',
        providers,
        repository: new InMemoryOAuthRepository(),
      }),
    ],
    providers: [consumer],
    controllers,
  })
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
  @InjectOAuth('crop') crop!: OAuthClient;
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

describe('@InjectOAuth at bootstrap', () => {
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

  it('fails with a ConfigurationError naming the class, every unknown id and the configured ids', async () => {
    // createApplicationContext runs the init hooks itself: bootstrap is what fails.
    const failure = await NestFactory.createApplicationContext(rootModule(TypoConsumer), { logger: false, abortOnError: false }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ConfigurationError);
    const message = failure instanceof Error ? failure.message : '';
    expect(message).toContain("configured providers: 'op', 'corp'");
    expect(message).toContain("TypoConsumer injects @InjectOAuth('gogle'), but no provider 'gogle' is configured");
    expect(message).toContain("TypoConsumer injects @InjectOAuth('crop')");
    expect(message).not.toContain("can't resolve dependencies");
  });

  it('also names an unknown @RequireLinkedAccount provider id on a controller', async () => {
    const failure = await NestFactory.createApplicationContext(rootModule(GoodConsumer, [TypoRequirementController]), {
      logger: false,
      abortOnError: false,
    }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ConfigurationError);
    expect(failure instanceof Error ? failure.message : '').toContain(
      "TypoRequirementController uses @RequireLinkedAccount('gooogle'), but no provider 'gooogle' is configured",
    );
  });
});
