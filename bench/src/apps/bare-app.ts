import express, { type Express } from 'express';

/** The ceiling: an Express route that answers a fixed 302 to the provider and does nothing else. */
export function createBareApp(issuer: string): Express {
  const location = `${issuer}/authorize?response_type=code&client_id=bench-client&scope=openid`;
  const app = express();
  app.get('/login/:provider', (_request, response) => {
    response.redirect(302, location);
  });
  return app;
}
