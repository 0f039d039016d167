import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as swaggerPackage from '@nestjs/swagger';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { OAuthModule } from '../module/oauth.module.js';
import { OAuthProvider } from '../providers/provider-definition.js';
import { InMemoryOAuthRepository } from '../testing/in-memory-oauth-repository.js';
import { createDocRegistry, loadSwagger, openApiReady, SESSION_COOKIE_SECURITY } from './openapi.js';

const missing = (message: string, code = 'ERR_MODULE_NOT_FOUND') => () => Promise.reject(Object.assign(new Error(message), { code }));

describe('loadSwagger', () => {
  it('reports swagger as absent when the package is not installed (optional peer)', async () => {
    await expect(loadSwagger(missing("Cannot find package '@nestjs/swagger' imported from /app/openapi.js"))).resolves.toBeNull();
    await expect(loadSwagger(missing("Cannot find module '@nestjs/swagger' from 'openapi.ts'", 'MODULE_NOT_FOUND'))).resolves.toBeNull();
  });

  it('reports swagger as absent when the not-found error comes from another realm (Jest resolver, no instanceof Error)', async () => {
    const { runInNewContext } = await import('node:vm');
    const foreign: unknown = runInNewContext(
      "Object.assign(new Error(\"Cannot find module '@nestjs/swagger' from 'openapi.js'\"), { code: 'MODULE_NOT_FOUND' })",
    );
    expect(foreign instanceof Error).toBe(false);
    await expect(loadSwagger(() => Promise.reject(foreign))).resolves.toBeNull();
  });

  it('lets a broken install surface instead of hiding it (missing dependency of swagger, load error)', async () => {
    await expect(loadSwagger(missing("Cannot find package 'swagger-ui-dist' imported from /x"))).rejects.toThrow('swagger-ui-dist');
    await expect(loadSwagger(() => Promise.reject(new Error('broken install')))).rejects.toThrow('broken install');
  });

  it('disables docs when the package lacks a decorator this library uses, and accepts the real one', async () => {
    await expect(loadSwagger(() => Promise.resolve({ ApiTags: () => undefined }))).resolves.toBeNull();
    await expect(loadSwagger(() => Promise.resolve(swaggerPackage))).resolves.toBe(swaggerPackage);
  });
});

describe('createDocRegistry', () => {
  function decorate(registry: ReturnType<typeof createDocRegistry>) {
    const { DocTags, DocProperty, DocOperation } = registry.decorators;
    class Subject {
      value = '';
      handler(): void {}
    }
    DocTags('subject')(Subject);
    DocProperty({ type: String, description: 'the value' })(Subject.prototype, 'value');
    const descriptor = Object.getOwnPropertyDescriptor(Subject.prototype, 'handler') ?? {};
    DocOperation('do it', [{ status: 200, description: 'done' }])(Subject.prototype, 'handler', descriptor);
    return Subject;
  }

  it('applies recorded decorators once swagger arrives, and later ones at once', async () => {
    const registry = createDocRegistry();
    const early = decorate(registry);
    expect(registry.enabled()).toBeNull();
    expect(Reflect.getMetadata('swagger/apiUseTags', early)).toBeUndefined();
    // Through the loader: it is what narrows the package to the decorator interface.
    registry.settle(await loadSwagger(() => Promise.resolve(swaggerPackage)));
    expect(registry.enabled()).toBe(true);
    const late = decorate(registry);
    for (const subject of [early, late]) {
      expect(Reflect.getMetadata('swagger/apiUseTags', subject)).toEqual(['subject']);
      expect(Reflect.getMetadata('swagger/apiOperation', subject.prototype.handler)).toMatchObject({ summary: 'do it' });
      expect(Reflect.getMetadata('swagger/apiModelProperties', subject.prototype, 'value')).toMatchObject({ description: 'the value' });
    }
  });

  it('leaves no metadata behind when swagger is absent', () => {
    const registry = createDocRegistry();
    const early = decorate(registry);
    registry.settle(null);
    const late = decorate(registry);
    expect(registry.enabled()).toBe(false);
    for (const subject of [early, late]) {
      expect(Reflect.getMetadataKeys(subject).filter((key) => String(key).startsWith('swagger/'))).toEqual([]);
      expect(Reflect.getMetadataKeys(subject.prototype.handler)).toEqual([]);
      expect(Reflect.getMetadataKeys(subject.prototype, 'value')).toEqual([]);
    }
  });
});

describe('OpenAPI document of the library routes (swagger installed)', () => {
  let app: INestApplication;
  let document: OpenAPIObject;

  beforeAll(async () => {
    const module = OAuthModule.forRoot({
      secret: 'openapi-spec-secret-0123456789-abcdefgh',
      baseUrl: 'http://127.0.0.1:1',
      repository: new InMemoryOAuthRepository(),
      providers: [
        OAuthProvider({
          id: 'op',
          issuer: 'https://op.example',
          authorizationEndpoint: 'https://op.example/authorize',
          tokenEndpoint: 'https://op.example/token',
          jwksUri: 'https://op.example/jwks',
          clientId: 'client',
          clientSecret: 'client-secret',
        }),
      ],
    });
    app = await NestFactory.create(module, { logger: false, abortOnError: false });
    await app.init();
    document = SwaggerModule.createDocument(app, new DocumentBuilder().addCookieAuth(SESSION_COOKIE_SECURITY).build());
  });

  afterAll(async () => {
    await app?.close();
  });

  it('reports the metadata as applied', async () => {
    await expect(openApiReady()).resolves.toBe(true);
  });

  const operation = (path: string, method: 'get' | 'post') => document.paths[`/auth/provider/{providerId}/${path}`]?.[method];

  it('documents every JSON route with its success schema, error statuses and session cookie', () => {
    const expected: [string, 'get' | 'post', string][] = [
      ['accounts', 'get', 'AccountListResponseDoc'],
      ['unlink', 'post', 'StatusResponseDoc'],
      ['access-token', 'post', 'TokenResponseDoc'],
      ['refresh-token', 'post', 'RefreshTokenResponseDoc'],
      ['account-info', 'get', 'AccountInfoResponseDoc'],
      ['link/id-token', 'post', 'StatusResponseDoc'],
    ];
    for (const [path, method, schema] of expected) {
      const op = operation(path, method);
      expect(op?.summary).toEqual(expect.any(String));
      expect(op?.responses['200']).toMatchObject({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } });
      expect(op?.responses['401']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/OAuthErrorResponseDoc' } } } });
      expect(op?.responses['404']).toBeDefined();
      expect(op?.security).toEqual([{ [SESSION_COOKIE_SECURITY]: [] }]);
      expect(op?.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'providerId', in: 'path', required: true })]));
    }
    const signIn = operation('signin/id-token', 'post');
    expect(signIn?.responses['200']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/IdTokenSignInResponseDoc' } } } });
    // Sign-in is how a session starts: it must not claim to need one.
    expect(signIn?.security).toBeUndefined();
  });

  it('describes the JSON request bodies from the validated DTOs', () => {
    expect(operation('signin/id-token', 'post')?.requestBody).toMatchObject({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/IdTokenRequestDto' } } },
    });
    const schemas = document.components?.schemas ?? {};
    expect(schemas['IdTokenRequestDto']).toMatchObject({
      required: ['idToken'],
      properties: {
        idToken: { type: 'string', minLength: 1 },
        scopes: { type: 'array', items: { type: 'string' } },
        requestSignUp: { type: 'boolean' },
      },
    });
    expect(schemas['ProviderAccountRequestDto']).toMatchObject({ properties: { providerAccountId: { type: 'string' } } });
    expect(schemas['ProviderAccountRequestDto']).not.toHaveProperty('required');
    expect(schemas['AccountResponseDoc']).toMatchObject({
      properties: { hasAccessToken: { type: 'boolean' }, accessTokenExpiresAt: { type: 'string', format: 'date-time' } },
    });
    // The listing schema exposes presence flags only: no token field may be documented there.
    expect(Object.keys((schemas['AccountResponseDoc'] as { properties: object }).properties)).not.toContain('accessToken');
  });

  it('documents the browser routes as redirects with a query parameter for the start token', () => {
    expect(operation('start', 'get')?.responses['302']).toBeDefined();
    expect(operation('start', 'get')?.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'token', in: 'query' })]));
    expect(operation('callback', 'get')?.responses['302']).toBeDefined();
    expect(operation('callback', 'post')?.responses['302']).toBeDefined();
    expect(document.paths['/auth/sign-out']?.post?.responses['302']).toBeDefined();
  });
});
