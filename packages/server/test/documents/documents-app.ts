/**
 * A real HTTP server with the documents API on a real database (PGlite or PostgreSQL), plus
 * helpers to create people with API keys and to upload files as them.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { registerDocumentsApi } from '../../src/api/documents-api.ts';
import { createApiKey } from '../../src/auth/api-keys.ts';
import type { Role } from '../../src/auth/actor.ts';
import { loadConfig, type RempartConfig } from '../../src/config/load-config.ts';
import type { DocumentsModule, DocumentsModuleOptions } from '../../src/documents/documents-module.ts';
import { openServices, type ServerServices } from '../../src/services.ts';
import { createUser } from '../../src/users/users.ts';
import { createTestDatabase, type BackendName } from '../support/databases.ts';

export interface Person {
  userId: string;
  key: string;
  /** fetch on this server as this person (Bearer key). */
  request(path: string, init?: RequestInit): Promise<Response>;
  json(path: string, body?: unknown, method?: string): Promise<{ status: number; body: any }>; // any: tests read arbitrary JSON shapes
  upload(file: { name: string; bytes: Uint8Array | string; type?: string }, fields?: Record<string, string>): Promise<{ status: number; body: any }>; // any: as above
}

export interface DocumentsTestApp {
  url: string;
  app: FastifyInstance;
  services: ServerServices;
  module: DocumentsModule;
  person(email: string, groups?: string[], role?: Role): Promise<Person>;
  close(): Promise<void>;
}

export async function startDocumentsApp(backend: BackendName, options: DocumentsModuleOptions = {}): Promise<DocumentsTestApp> {
  const testDb = await createTestDatabase(backend, { migrate: false });
  await testDb.db.close();
  const configPath = join(testDb.scratchDir, 'rempart.yaml');
  writeFileSync(configPath, '');
  const environment = { REMPART_SECRET_KEY: randomBytes(32).toString('base64') };
  const loaded = loadConfig({ path: configPath, environment });
  const config: RempartConfig = {
    ...loaded,
    dataDir: testDb.scratchDir,
    database: { ...loaded.database, url: testDb.location.url, schema: testDb.location.schema },
  };
  const services = await openServices(config, { logger: pino({ level: 'silent' }), environment });
  const app = Fastify({ logger: false });
  const module = await registerDocumentsApi(app, { services, ...options });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const person = async (email: string, groups: string[] = [], role: Role = 'user'): Promise<Person> => {
    const user = await createUser(services.db, { email, groups, role });
    const { key } = await createApiKey(services.db, { userId: user.id, name: 'test' });
    const request = (path: string, init: RequestInit = {}) =>
      fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, ...(init.headers as Record<string, string>) } });
    const parse = async (response: Response) => {
      const text = await response.text();
      return { status: response.status, body: text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
    };
    return {
      userId: user.id,
      key,
      request,
      json: async (path, body, method) =>
        parse(
          await request(path, {
            method: method ?? (body === undefined ? 'GET' : 'POST'),
            ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
          }),
        ),
      upload: async (file, fields = {}) => {
        const form = new FormData();
        for (const [name, value] of Object.entries(fields)) form.append(name, value);
        const bytes = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : file.bytes;
        form.append('file', new Blob([bytes], { type: file.type ?? 'application/octet-stream' }), file.name);
        return parse(await request('/api/documents', { method: 'POST', body: form }));
      },
    };
  };

  return {
    url,
    app,
    services,
    module,
    person,
    close: async () => {
      await app.close();
      await services.close();
      await testDb.dispose();
    },
  };
}

/** Uploads and waits until the document left the queue; returns its final record. */
export async function uploadAndWait(
  testApp: DocumentsTestApp,
  who: Person,
  file: { name: string; bytes: Uint8Array | string; type?: string },
  fields: Record<string, string> = {},
): Promise<any> { // any: the API's JSON document record
  const uploaded = await who.upload(file, fields);
  if (uploaded.status !== 202 && uploaded.status !== 200) throw new Error(`upload refused: ${uploaded.status} ${JSON.stringify(uploaded.body)}`);
  await testApp.module.ingester.whenIdle();
  const status = await who.json(`/api/documents/${uploaded.body.document.id}`);
  return status.body.document;
}
