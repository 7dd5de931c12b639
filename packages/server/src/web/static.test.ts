import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webStaticPlugin } from './static.ts';

describe('web workspace static serving', () => {
  let root: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rempart-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Rempart</title><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log("app")');
    writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = Fastify();
    app.get('/api/known', async () => ({ ok: true }));
    await app.register(webStaticPlugin, { root });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at / with a strict content security policy and no caching', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('<div id="root">');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('falls back to index.html for deep links of the app', async () => {
    for (const url of ['/chat/4f1c', '/admin/policy', '/setup?token=abc', '/login?error=OIDC_FAILED']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).toContain('<div id="root">');
    }
  });

  it('serves fingerprinted assets as immutable and other files as they are', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log("app")');
    expect(asset.headers['cache-control']).toContain('immutable');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/svg/);
  });

  it('never answers an API path or a missing asset with the page', async () => {
    for (const url of ['/api/unknown', '/api', '/v1/nothing', '/assets/missing.js', '/metrics']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/application\/problem\+json/);
      expect(response.json(), url).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
    const known = await app.inject({ method: 'GET', url: '/api/known' });
    expect(known.json()).toEqual({ ok: true });
  });

  it('explains how to build the app when it is missing, instead of a bare 404', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'rempart-web-empty-'));
    const bare = Fastify();
    await bare.register(webStaticPlugin, { root: empty });
    const response = await bare.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('npm run build -w @rempart/web');
    await bare.close();
    rmSync(empty, { recursive: true, force: true });
  });
});
