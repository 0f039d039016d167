// The one Jest e2e test both compatibility apps run: boot AppModule in-process (as `nest new`'s
// test/app.e2e-spec.ts does) and sign in through the real OpenID Provider started by run.mjs.
// Environment (set by run.mjs): PORT, BASE_URL, OAUTH_SECRET, OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET.
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { assertSignedIn, signIn } from './sign-in';

export function describeSignIn(appModule: new (...args: never[]) => unknown): void {
  describe('@belgie/nestjs-oauth from the packed tarball', () => {
    let app: INestApplication;

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({ imports: [appModule] }).compile();
      app = moduleRef.createNestApplication({ logger: ['error'] });
      await app.listen(Number(process.env.PORT), '127.0.0.1');
    });

    afterAll(async () => {
      await app?.close();
    });

    it('signs in against oidc-provider and reads /me', async () => {
      assertSignedIn(await signIn(String(process.env.BASE_URL)), 'alice@example.com');
      // A second browser without the session cookie is not signed in.
      const anonymous = await fetch(new URL('/me', String(process.env.BASE_URL)));
      expect(anonymous.status).toBe(401);
    }, 30_000);
  });
}
