#!/usr/bin/env bash
# Compatibility check: the built library must load and serve its routes in a NestJS 11 application
# (peerDependencies allow ^11.1 || ^12). Installs Nest 11 from the npm registry into a temp dir
# OUTSIDE the repo (so nothing from the workspace's Nest 12 can leak in), copies the built library,
# boots a tiny Express app and checks the routes over real HTTP on 127.0.0.1.
# @nestjs/swagger is deliberately NOT installed: this also proves the optional peer is optional.
# Usage: npm run compat:nest11   (KEEP_TMP=1 keeps the temp dir for inspection)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIB="$REPO/libs/oauth"

echo "› building the library (tsc -b libs/oauth/tsconfig.lib.json)"
(cd "$REPO" && npx tsc -b libs/oauth/tsconfig.lib.json)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/belgie-oauth-nest11.XXXXXX")"
case "$WORK" in "$REPO"/*) echo "temp dir must be outside the repo" >&2; exit 1 ;; esac
if [ "${KEEP_TMP:-0}" = "1" ]; then echo "› keeping $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi

cd "$WORK"
cat > package.json <<'JSON'
{ "name": "belgie-oauth-nest11-compat", "private": true, "type": "module" }
JSON
echo "› installing NestJS 11 into $WORK"
npm install --no-audit --no-fund --loglevel=error \
  @nestjs/common@11 @nestjs/core@11 @nestjs/platform-express@11 \
  reflect-metadata rxjs jose class-validator class-transformer

PKG="$WORK/node_modules/@belgie/nestjs-oauth"
mkdir -p "$PKG"
cp "$LIB/package.json" "$PKG/package.json"
cp -R "$LIB/dist" "$PKG/dist"
rm -f "$PKG/dist/.tsbuildinfo"
if [ -e node_modules/@nestjs/swagger ]; then echo "@nestjs/swagger must not be installed here" >&2; exit 1; fi

cat > app.mjs <<'JS'
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Controller, Get, Inject, Module, NotFoundException, Param, Redirect } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { OAuthClients, OAuthModule, OAuthProvider } from '@belgie/nestjs-oauth';

const require = createRequire(import.meta.url);
const nestVersion = require('@nestjs/core/package.json').version;
assert.match(nestVersion, /^11\./, `expected NestJS 11, got ${nestVersion}`);

// The in-memory repository comes from the testing entry. That entry also exports the Jest contract
// suite (imports @jest/globals), so outside Jest it may not load: fall back to the file itself.
async function inMemoryRepository() {
  try {
    return (await import('@belgie/nestjs-oauth/testing')).InMemoryOAuthRepository;
  } catch (error) {
    console.warn(`NOTE: '@belgie/nestjs-oauth/testing' does not load outside Jest (${error.code ?? error.message}); ` +
      'using dist/testing/in-memory-oauth-repository.js directly');
    const file = new URL('./node_modules/@belgie/nestjs-oauth/dist/testing/in-memory-oauth-repository.js', import.meta.url);
    return (await import(file.href)).InMemoryOAuthRepository;
  }
}
const InMemoryOAuthRepository = await inMemoryRepository();

// Plain JS has no decorator syntax: apply Nest's decorators by hand.
class LoginController {
  constructor(clients) { this.clients = clients; }
  async login(provider) {
    const client = this.clients.get(provider);
    if (!client) throw new NotFoundException();
    return { url: await client.signinUrl({ returnTo: '/after' }), statusCode: 302 };
  }
}
Inject(OAuthClients)(LoginController, undefined, 0);
Param('provider')(LoginController.prototype, 'login', 0);
const descriptor = Object.getOwnPropertyDescriptor(LoginController.prototype, 'login');
Get(':provider')(LoginController.prototype, 'login', descriptor);
Redirect()(LoginController.prototype, 'login', descriptor);
Controller('login')(LoginController);

const server = await import('node:http').then((http) => http.createServer());
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;
await new Promise((resolve) => server.close(resolve));
const baseUrl = `http://127.0.0.1:${port}`;

class AppModule {}
Module({
  imports: [
    OAuthModule.forRoot({
      secret: 'compat-nest11-secret-0123456789-abcdefgh',
      baseUrl,
      repository: new InMemoryOAuthRepository(),
      providers: [
        OAuthProvider({
          id: 'demo',
          issuer: 'https://op.example',
          authorizationEndpoint: 'https://op.example/authorize',
          tokenEndpoint: 'https://op.example/token',
          jwksUri: 'https://op.example/jwks',
          clientId: 'compat-client',
          clientSecret: 'compat-client-secret',
        }),
      ],
    }),
  ],
  controllers: [LoginController],
})(AppModule);

const app = await NestFactory.create(AppModule, { logger: ['error'] });
await app.listen(port, '127.0.0.1');
const get = (path, init = {}) => fetch(`${baseUrl}${path}`, { redirect: 'manual', ...init });
try {
  const unknown = await get('/auth/provider/nope/start?token=x');
  assert.equal(unknown.status, 404, 'start route of an unknown provider');

  const badToken = await get('/auth/provider/demo/start?token=not-a-token');
  assert.equal(badToken.status, 400, 'start route with a forged token');
  assert.equal((await badToken.json()).code, 'invalid_start_token');

  const login = await get('/login/demo');
  assert.equal(login.status, 302, '/login/demo');
  const startUrl = new URL(login.headers.get('location'), baseUrl);
  assert.equal(startUrl.pathname, '/auth/provider/demo/start');

  const start = await get(startUrl.pathname + startUrl.search);
  assert.equal(start.status, 302, 'start route with a real token');
  const authorize = new URL(start.headers.get('location'));
  assert.equal(authorize.origin + authorize.pathname, 'https://op.example/authorize');
  assert.equal(authorize.searchParams.get('client_id'), 'compat-client');
  assert.ok(start.headers.getSetCookie().some((c) => c.startsWith('belgie_oauth_demo_state')), 'state cookie set');
  assert.equal(start.headers.get('cache-control'), 'no-store');

  const anonymous = await get('/auth/provider/demo/accounts');
  assert.equal(anonymous.status, 401, 'account route without a session');
  assert.deepEqual(await anonymous.json(), { code: 'not_authenticated', message: 'not authenticated' });

  const formPost = await get('/auth/provider/demo/unlink', { method: 'POST', body: new URLSearchParams({ a: 'b' }) });
  assert.equal(formPost.status, 401, 'session guard runs before the JSON-only guard');

  console.log(`OK: @belgie/nestjs-oauth works on NestJS ${nestVersion} (express), without @nestjs/swagger`);
} finally {
  await app.close();
}
JS
echo "› booting the Nest 11 app"
node app.mjs
