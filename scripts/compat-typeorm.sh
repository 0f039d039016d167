#!/usr/bin/env bash
# Packaging check of the TypeORM adapter: an app OUTSIDE the repository installs the core and the
# adapter from their tarballs (nothing copied from the demo), points TypeOrmModule at a throwaway
# PostgreSQL database, lets the adapter migrate it at boot (prefixed tables), and signs a person in
# over real HTTP on 127.0.0.1 (direct ID-token sign-in, the token signed by a local JWKS server).
# Usage: npm run compat:typeorm   (KEEP_TMP=1 keeps the temp dir; TEST_DATABASE_URL picks the server)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_SERVER="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

echo "› building the library and the adapter"
(cd "$REPO" && npx tsc -b libs/oauth-typeorm/tsconfig.lib.json)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/belgie-oauth-typeorm.XXXXXX")"
case "$WORK" in "$REPO"/*) echo "temp dir must be outside the repo" >&2; exit 1 ;; esac
if [ "${KEEP_TMP:-0}" = "1" ]; then echo "› keeping $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
mkdir -p "$WORK/tarballs" "$WORK/app"

echo "› packing @belgie/nestjs-oauth-typeorm (npm pack, its prepack rebuilds dist)"
(cd "$REPO/libs/oauth-typeorm" && npm pack --silent --pack-destination "$WORK/tarballs" > /dev/null)
echo "› packing @belgie/nestjs-oauth (npm pack, its prepack rebuilds dist)"
(cd "$REPO/libs/oauth" && npm pack --silent --pack-destination "$WORK/tarballs" > /dev/null)
ls "$WORK/tarballs"

cd "$WORK/app"
cat > package.json <<'JSON'
{ "name": "belgie-oauth-typeorm-compat", "private": true, "type": "module" }
JSON
echo "› installing both tarballs with @nestjs/typeorm, typeorm and pg into $WORK/app"
npm install --no-audit --no-fund --loglevel=error \
  "$WORK"/tarballs/belgie-nestjs-oauth-0*.tgz "$WORK"/tarballs/belgie-nestjs-oauth-typeorm-*.tgz \
  @nestjs/common@12 @nestjs/core@12 @nestjs/platform-express@12 @nestjs/typeorm@12 typeorm@1 pg@8 \
  reflect-metadata rxjs jose class-validator class-transformer
if [ -e node_modules/@belgie/nestjs-oauth-typeorm/src/testing ]; then echo "test helpers must not be packed" >&2; exit 1; fi

cat > app.mjs <<'JS'
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import pg from 'pg';
import { OAuthModule, OAuthProvider } from '@belgie/nestjs-oauth';
import { OAuthTypeOrmModule, TypeOrmOAuthRepository } from '@belgie/nestjs-oauth-typeorm';

const serverUrl = process.env.PG_SERVER;
const database = `oauth_compat_${randomBytes(6).toString('hex')}`;
const admin = async (sql) => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try { return await client.query(sql); } finally { await client.end(); }
};
const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));

// A provider's signing key and its JWKS, served locally.
const { publicKey, privateKey } = await generateKeyPair('RS256');
const jwk = { ...(await exportJWK(publicKey)), kid: 'compat-key', alg: 'RS256', use: 'sig' };
const jwks = http.createServer((_req, res) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ keys: [jwk] })); });
const jwksPort = await listen(jwks);
const issuer = `http://127.0.0.1:${jwksPort}`;

await admin(`CREATE DATABASE "${database}"`);
const url = new URL(serverUrl); url.pathname = `/${database}`;
const portProbe = http.createServer();
const port = await listen(portProbe);
await new Promise((resolve) => portProbe.close(resolve));
const baseUrl = `http://127.0.0.1:${port}`;

class AppModule {}
Module({
  imports: [
    TypeOrmModule.forRoot({ type: 'postgres', url: url.toString(), synchronize: false, logging: false }),
    OAuthModule.forRoot({
      secret: 'compat-typeorm-secret-0123456789-abcdefgh',
      baseUrl,
      repository: TypeOrmOAuthRepository,
      imports: [OAuthTypeOrmModule.forFeature({ tablePrefix: 'compat_', runMigrations: true })],
      providers: [OAuthProvider({
        id: 'op', issuer, clientId: 'compat-client', clientSecret: 'compat-client-secret',
        authorizationEndpoint: `${issuer}/authorize`, tokenEndpoint: `${issuer}/token`, jwksUri: `${issuer}/jwks`,
      })],
    }),
  ],
})(AppModule);

const app = await NestFactory.create(AppModule, { logger: ['error'] });
await app.listen(port, '127.0.0.1');
try {
  const now = Math.floor(Date.now() / 1000);
  const idToken = await new SignJWT({ email: 'ada@example.com', email_verified: true, name: 'Ada', nonce: 'compat-nonce' })
    .setProtectedHeader({ alg: 'RS256', kid: 'compat-key', typ: 'JWT' })
    .setIssuer(issuer).setAudience('compat-client').setSubject('ada-sub').setIssuedAt(now).setExpirationTime(now + 300)
    .sign(privateKey);
  const signin = await fetch(`${baseUrl}/auth/provider/op/signin/id-token`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ idToken, nonce: 'compat-nonce' }),
  });
  assert.equal(signin.status, 200, `signin/id-token: ${signin.status} ${await signin.clone().text()}`);
  const cookie = signin.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  assert.ok(cookie.length > 0, 'session cookie set');

  const accounts = await fetch(`${baseUrl}/auth/provider/op/accounts`, { headers: { cookie } });
  assert.equal(accounts.status, 200, 'accounts route with the session');
  const body = await accounts.json();
  assert.equal(JSON.stringify(body).includes('ada-sub'), true, 'the linked account is listed');

  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const counts = await client.query('SELECT (SELECT count(*)::int FROM compat_individuals) AS individuals, (SELECT count(*)::int FROM compat_sessions) AS sessions, (SELECT count(*)::int FROM compat_oauth_accounts) AS accounts');
    assert.deepEqual(counts.rows[0], { individuals: 1, sessions: 1, accounts: 1 });
    const migrations = await client.query('SELECT name FROM migrations ORDER BY id');
    assert.deepEqual(migrations.rows.map((r) => r.name), ['CreateOAuthTables_compat_1732700000000', 'CreateOAuthTokenUses_compat_1764800000000']);
  } finally {
    await client.end();
  }
  console.log('OK: both tarballs installed outside the repo; TypeOrmModule on PostgreSQL, migrated at boot, a person signed in');
} finally {
  await app.close();
  jwks.close();
  await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
}
JS
echo "› booting the app on PostgreSQL"
PG_SERVER="$PG_SERVER" node app.mjs
