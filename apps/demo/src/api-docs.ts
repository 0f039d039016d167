import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Where the interactive API docs live; the raw document is at `${DOCS_PATH}-json` (Swagger's default). */
export const DOCS_PATH = 'docs';

/**
 * The library marks its session-protected routes with this security scheme; it is also the library's default
 * session cookie name, which the demo keeps. Declaring it lets Swagger UI's "Try it out" send the cookie.
 */
export const SESSION_COOKIE = 'belgie_session';

/**
 * Serves the OpenAPI document of the app (the library's JSON routes carry their own Swagger metadata) with
 * Swagger UI at `/docs` and the JSON at `/docs-json`. The document is built lazily on first request, so
 * boot time does not grow with the route count.
 */
export function setupApiDocs(app: INestApplication, baseUrl: string): void {
  const config = new DocumentBuilder()
    .setTitle('OAuth / OpenID Connect demo')
    .setDescription(
      'The routes of @belgie/nestjs-oauth (under /auth) and the demo\'s own. Sign in through the start page first: ' +
        'the session cookie authenticates these calls.',
    )
    .setVersion('1.0')
    .addServer(baseUrl)
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, SESSION_COOKIE)
    .build();
  SwaggerModule.setup(DOCS_PATH, app, () => SwaggerModule.createDocument(app, config), {
    customSiteTitle: 'OAuth demo API',
    // No third-party schema validator: the docs must not call out to the network.
    validatorUrl: 'none',
  });
}
