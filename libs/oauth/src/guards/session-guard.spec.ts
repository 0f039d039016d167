import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, UseGuards, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { CurrentIndividual } from '../decorators/current-individual.js';
import { SessionService } from '../identity/session-service.js';
import { OAuthModule } from '../module/oauth.module.js';
import type { SessionRecord } from '../persistence/records.js';
import { OAuthProvider } from '../providers/provider-definition.js';
import { InMemoryOAuthRepository } from '../testing/in-memory-oauth-repository.js';
import { SessionGuard } from './session-guard.js';

class CountingRepository extends InMemoryOAuthRepository {
  sessionReads = 0;

  override findSessionByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    this.sessionReads += 1;
    return super.findSessionByTokenHash(tokenHash);
  }
}

// The guard twice on one route: on the controller and again on the handler (as @RequireLinkedAccount adds it).
@Controller()
@UseGuards(SessionGuard)
class TwiceGuardedController {
  @Get('twice')
  @UseGuards(SessionGuard)
  twice(@CurrentIndividual() individual: { id: string }): { id: string } {
    return { id: individual.id };
  }
}

@Module({})
class RootModule {}

describe('SessionGuard', () => {
  let app: INestApplication;
  let url: string;
  const repository = new CountingRepository();

  beforeAll(async () => {
    const provider = OAuthProvider({ id: 'idp', clientId: 'client-1', clientSecret: 'client-secret-value', discoveryUrl: 'https://idp.example/.well-known/openid-configuration' });
    app = await NestFactory.create(
      {
        module: RootModule,
        imports: [OAuthModule.forRoot({ secret: 'unit-secret-0123456789-abcdefghijklmnop', baseUrl: 'http://127.0.0.1', providers: [provider], repository })],
        controllers: [TwiceGuardedController],
      },
      { logger: false },
    );
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('resolves the session once per request even when it guards the controller and the route', async () => {
    const individual = await repository.createIndividual({ email: 'a@example.com', emailVerifiedAt: null, name: null, image: null });
    const { token } = await app.get(SessionService).create(repository, individual.id, { ipAddress: null, userAgent: null });
    const response = await fetch(`${url}/twice`, { headers: { cookie: `belgie_session=${token}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: individual.id });
    expect(repository.sessionReads).toBe(1);
  });

  it('still answers 401 without a session', async () => {
    const response = await fetch(`${url}/twice`);
    expect(response.status).toBe(401);
  });
});
