// Better Auth + its generic OAuth plugin, as the benchmark's third contender. Plain ESM on purpose:
// Better Auth lives in this folder's own node_modules (its own package.json and lockfile; its
// optional framework peers clash with the workspace's toolchain, ERESOLVE), so the workspace's
// TypeScript build never sees it. better-sqlite3 resolves from the repository root.
import Database from 'better-sqlite3';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { toNodeHandler } from 'better-auth/node';
import { genericOAuth } from 'better-auth/plugins';

/**
 * Boots Better Auth on an in-memory SQLite database (schema from its own migrations) with one
 * generic OIDC provider (discovery, PKCE, ID-token verification through JWKS: the plugin's defaults),
 * and returns a node:http handler. `GET /login/<provider>` is what an app puts behind its button:
 * it calls the sign-in endpoint server-side and answers a 302 with its state cookie, so a browser
 * (and the benchmark's chain) follows the same redirects as with the other contenders.
 */
export async function createBetterAuthApp({ baseUrl, issuer, providerId, clientId, clientSecret, scopes, secret }) {
  const auth = betterAuth({
    baseURL: baseUrl,
    secret,
    database: new Database(':memory:'),
    telemetry: { enabled: false },
    rateLimit: { enabled: false },
    logger: { disabled: true },
    plugins: [
      genericOAuth({
        config: [{ providerId, clientId, clientSecret, discoveryUrl: `${issuer}/.well-known/openid-configuration`, scopes, pkce: true }],
      }),
    ],
  });
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();
  const handleAuth = toNodeHandler(auth);
  const loginPrefix = '/login/';

  async function login(request, response) {
    const provider = (request.url ?? '').slice(loginPrefix.length).split('?')[0];
    const started = await auth.api.signInSocial({
      body: { provider, callbackURL: '/', newUserCallbackURL: '/welcome', errorCallbackURL: '/auth/error' },
      headers: new Headers({ 'user-agent': request.headers['user-agent'] ?? '' }),
      asResponse: true,
    });
    const { url } = await started.json();
    response.writeHead(302, { location: url, 'set-cookie': started.headers.getSetCookie(), 'content-length': '0' });
    response.end();
  }

  return (request, response) => {
    if (request.url?.startsWith(loginPrefix)) {
      login(request, response).catch(() => response.writeHead(500).end());
      return;
    }
    void handleAuth(request, response);
  };
}
