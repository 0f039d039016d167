import { Module, type ExecutionContext } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';

/** Routes that start a flow (each stores a state row) and that anyone may call signed out. */
const START_ROUTES = /^\/(?:login|link)\/[^/]+$|^\/auth\/provider\/[^/]+\/start$/;

function pathOf(context: ExecutionContext): string {
  const request = context.switchToHttp().getRequest<{ url?: string }>();
  return (request.url ?? '').split('?')[0] ?? '';
}

/**
 * @nestjs/throttler on the start routes only: 60 starts a minute per client IP, then 429. Loaded by
 * `main.ts`, not by the in-process specs: @nestjs/throttler 6 is CommonJS and requires the ESM-only
 * @nestjs/common 12, which Node (require(esm)) loads but Jest 30 on Node < 24.9 cannot.
 * Behind a proxy, set Express's `trust proxy` so the IP is the client's.
 */
@Module({
  imports: [
    ThrottlerModule.forRoot({
      throttlers: [{ name: 'start', ttl: 60_000, limit: 60 }],
      skipIf: (context) => !START_ROUTES.test(pathOf(context)),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
})
export class StartThrottleModule {}
