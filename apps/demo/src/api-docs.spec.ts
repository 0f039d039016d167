import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { noNetwork, serveDemo, type InProcessServer } from './testing/demo-server.js';

describe('demo API docs (/docs)', () => {
  let demo: InProcessServer;
  let base: string;

  beforeAll(async () => {
    demo = await serveDemo(
      { OAUTH_SECRET: 'd'.repeat(32), DEV_IDP: 'off', GOOGLE_CLIENT_ID: 'g', GOOGLE_CLIENT_SECRET: 'google-secret-value' },
      noNetwork().fetch,
    );
    base = demo.base;
  });

  afterAll(async () => {
    await demo.close();
  });

  it('serves the OpenAPI document with the library\'s JSON routes', async () => {
    const response = await fetch(`${base}/docs-json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const document = (await response.json()) as {
      openapi: string;
      info: { title: string };
      paths: Record<string, Record<string, { summary?: string; security?: Record<string, unknown>[] }>>;
      components: { securitySchemes?: Record<string, { type: string; in: string; name: string }> };
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info.title).toBe('OAuth / OpenID Connect demo');
    const paths = Object.keys(document.paths);
    for (const path of [
      '/auth/provider/{providerId}/accounts',
      '/auth/provider/{providerId}/unlink',
      '/auth/provider/{providerId}/access-token',
      '/auth/provider/{providerId}/refresh-token',
    ]) {
      expect(paths).toContain(path);
    }
    // The library's own metadata (summaries, the session-cookie requirement) reaches the served document, and
    // the scheme it references is declared, so Swagger UI can send the session cookie.
    const list = document.paths['/auth/provider/{providerId}/accounts']?.['get'];
    expect(list?.summary).toEqual(expect.any(String));
    expect(list?.security).toEqual([{ belgie_session: [] }]);
    expect(document.components.securitySchemes?.['belgie_session']).toEqual({ type: 'apiKey', in: 'cookie', name: 'belgie_session' });
    // No secret of the configuration leaks into the public document.
    expect(JSON.stringify(document)).not.toContain('google-secret-value');
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await fetch(`${base}/docs`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger-ui');
  });
});
