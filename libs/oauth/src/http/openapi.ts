import type { Provider } from '@nestjs/common';

/**
 * OpenAPI metadata without a hard dependency on @nestjs/swagger (an optional peer). Swagger 12 is
 * ESM-only, so it cannot be loaded synchronously everywhere (Jest on Node 20 cannot `require()` ESM),
 * and a top-level `await import()` would stop CommonJS apps (typical for Nest 11) from `require()`-ing
 * this library. So: a dynamic `import()` starts when this module loads, decorators record what to
 * apply and apply it once the import settles (immediately for classes defined later), and
 * OAuthModule awaits `openApiReady()` in an async provider, so the metadata is in place before
 * `NestFactory.create` resolves, i.e. before any `SwaggerModule.createDocument`. Swagger absent →
 * nothing is applied and the library works as before. No type is imported from @nestjs/swagger, so
 * the emitted declarations do not mention it.
 */

/** A class or a boxed primitive constructor (`String`, `Boolean`, …), as Swagger accepts for `type`. */
export type DocClass = abstract new (...args: never[]) => unknown;

/** The subset of Swagger's property options this library uses. */
export interface DocPropertyOptions {
  type?: DocClass | 'string' | 'boolean' | 'object';
  description?: string;
  nullable?: boolean;
  required?: boolean;
  isArray?: boolean;
  format?: string;
  example?: unknown;
  minLength?: number;
  maxLength?: number;
  enum?: readonly (string | boolean)[];
  additionalProperties?: boolean;
}

interface DocResponseOptions {
  status: number;
  description: string;
  type?: DocClass;
  headers?: Record<string, { description: string; schema: { type: 'string' } }>;
}

interface DocParamOptions {
  name: string;
  description: string;
  required: boolean;
  type: DocClass;
}

type MethodOrClass = MethodDecorator & ClassDecorator;

/** The functions of @nestjs/swagger that are used here (checked at load: a missing one disables docs). */
export interface SwaggerDecorators {
  ApiTags(...tags: string[]): MethodOrClass;
  ApiOperation(options: { summary: string; description?: string }): MethodDecorator;
  ApiResponse(options: DocResponseOptions): MethodOrClass;
  ApiProperty(options?: DocPropertyOptions): PropertyDecorator;
  ApiParam(options: DocParamOptions): MethodOrClass;
  ApiQuery(options: DocParamOptions): MethodOrClass;
  ApiBody(options: { type: DocClass; required: boolean }): MethodDecorator;
  ApiConsumes(...mimeTypes: string[]): MethodOrClass;
  ApiCookieAuth(name?: string): MethodOrClass;
}

const REQUIRED_FUNCTIONS: readonly (keyof SwaggerDecorators)[] = [
  'ApiTags', 'ApiOperation', 'ApiResponse', 'ApiProperty', 'ApiParam', 'ApiQuery', 'ApiBody', 'ApiConsumes', 'ApiCookieAuth',
];

function isSwagger(value: unknown): value is SwaggerDecorators {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return REQUIRED_FUNCTIONS.every((name) => typeof record[name] === 'function');
}

/**
 * Null when @nestjs/swagger is not installed. Any other failure (a broken install, a missing
 * dependency of swagger itself) is rethrown rather than silently dropping the docs.
 */
export async function loadSwagger(importer: () => Promise<unknown>): Promise<SwaggerDecorators | null> {
  let swagger: unknown;
  try {
    swagger = await importer();
  } catch (error) {
    if (isSwaggerMissing(error)) return null;
    throw error;
  }
  return isSwagger(swagger) ? swagger : null;
}

/**
 * Read structurally, not with `instanceof Error`: under Jest the resolver's "Cannot find module" error
 * is created in another realm (the runner's, not the test sandbox's), so `instanceof` would say no and
 * every Jest test of an app without swagger would fail to boot.
 */
function isSwaggerMissing(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    /['"]@nestjs\/swagger['"]/.test(message)
  );
}

/** Swagger security-scheme name of the session cookie (apps: `DocumentBuilder().addCookieAuth(…)`). */
export const SESSION_COOKIE_SECURITY = 'belgie_session';

type AnyDecorator = MethodOrClass & PropertyDecorator;
type DecoratorArgs = Parameters<MethodDecorator> | Parameters<ClassDecorator> | Parameters<PropertyDecorator>;

export interface DocDecorators {
  DocTags(...tags: string[]): MethodOrClass;
  /** Summary plus the documented responses (success body type, error statuses). */
  DocOperation(summary: string, responses: readonly DocResponseOptions[], description?: string): MethodDecorator;
  DocProperty(options?: DocPropertyOptions): PropertyDecorator;
  DocProviderParam(): MethodOrClass;
  DocQuery(name: string, description: string): MethodOrClass;
  /** A JSON object body of the given DTO class (`{}` at least: the routes refuse any other content type). */
  DocJsonBody(type: DocClass): MethodDecorator;
  DocSessionCookie(): MethodOrClass;
}

export interface DocRegistry {
  decorators: DocDecorators;
  /** Applies what was recorded (and, from now on, applies at once); null = swagger absent, drop it all. */
  settle(swagger: SwaggerDecorators | null): void;
  /** Null while not settled. */
  enabled(): boolean | null;
}

export function createDocRegistry(): DocRegistry {
  let settled: { swagger: SwaggerDecorators | null } | null = null;
  let pending: ((swagger: SwaggerDecorators) => void)[] = [];

  // Records one decorator application; Swagger's decorators only write reflect-metadata on the class,
  // prototype or method function, so applying them after the class was defined has the same effect.
  const deferred = (make: (swagger: SwaggerDecorators) => readonly AnyDecorator[]): AnyDecorator =>
    ((...args: DecoratorArgs) => {
      const apply = (swagger: SwaggerDecorators): void => {
        for (const decorator of make(swagger)) (decorator as (...decoratorArgs: DecoratorArgs) => unknown)(...args);
      };
      if (settled === null) pending.push(apply);
      else if (settled.swagger !== null) apply(settled.swagger);
    }) as AnyDecorator;

  const decorators: DocDecorators = {
    DocTags: (...tags) => deferred((s) => [s.ApiTags(...tags) as AnyDecorator]),
    DocOperation: (summary, responses, description) =>
      deferred((s) => [
        s.ApiOperation(description === undefined ? { summary } : { summary, description }) as AnyDecorator,
        ...responses.map((response) => s.ApiResponse(response) as AnyDecorator),
      ]),
    DocProperty: (options = {}) => deferred((s) => [s.ApiProperty(options) as AnyDecorator]),
    DocProviderParam: () =>
      deferred((s) => [
        s.ApiParam({ name: 'providerId', description: 'Configured provider id (unknown id: 404)', required: true, type: String }) as AnyDecorator,
      ]),
    DocQuery: (name, description) => deferred((s) => [s.ApiQuery({ name, description, required: false, type: String }) as AnyDecorator]),
    DocJsonBody: (type) =>
      deferred((s) => [s.ApiConsumes('application/json') as AnyDecorator, s.ApiBody({ type, required: true }) as AnyDecorator]),
    DocSessionCookie: () => deferred((s) => [s.ApiCookieAuth(SESSION_COOKIE_SECURITY) as AnyDecorator]),
  };

  return {
    decorators,
    settle(swagger) {
      if (settled !== null) return;
      settled = { swagger };
      const queued = pending;
      pending = [];
      if (swagger !== null) for (const apply of queued) apply(swagger);
    },
    enabled: () => (settled === null ? null : settled.swagger !== null),
  };
}

const registry = createDocRegistry();
// Settles to an outcome, never rejects: a rejection nobody awaited yet would crash the process.
const loading: Promise<{ error: unknown }> = loadSwagger(() => import('@nestjs/swagger')).then(
  (swagger) => {
    registry.settle(swagger);
    return { error: null };
  },
  (error: unknown) => {
    registry.settle(null);
    return { error };
  },
);

/** True when the Swagger metadata was applied; rethrows a broken-install error so boot fails loudly. */
export async function openApiReady(): Promise<boolean> {
  const { error } = await loading;
  if (error !== null) throw error;
  return registry.enabled() === true;
}

/** Injection token of the readiness provider below. */
export const OAUTH_OPENAPI_READY = Symbol('OAUTH_OPENAPI_READY');

/** Async provider for OAuthModule: DI waits for it, so docs are complete once the app is created. */
export const openApiReadyProvider: Provider = { provide: OAUTH_OPENAPI_READY, useFactory: openApiReady };

export const { DocTags, DocOperation, DocProperty, DocProviderParam, DocQuery, DocJsonBody, DocSessionCookie } = registry.decorators;
