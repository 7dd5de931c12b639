/**
 * The documents policy comes from rempart.yaml (`documents.onSecret`, `onSpecialCategory`,
 * `limits`): a real app built from that configuration refuses or quarantines as told, and a
 * bad value is refused at load naming the field.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { startWorkspace, type Workspace } from '../api/support/workspace.ts';

let workspace: Workspace;
let key: string;

beforeAll(async () => {
  workspace = await startWorkspace('pglite', {
    configYaml: ['documents:', '  onSecret: refuse', '  onSpecialCategory: quarantine', '  limits: { maxFileBytes: 200000 }'].join('\n'),
  });
  key = (await workspace.user.client.post('/api/me/api-keys', { name: 'uploads' })).body.key as string;
});
afterAll(async () => {
  await workspace?.app.close();
});

async function upload(name: string, text: string): Promise<{ status: number; body: any }> { // any: the API's JSON
  const form = new FormData();
  form.append('file', new Blob([new TextEncoder().encode(text)], { type: 'text/plain' }), name);
  const response = await fetch(`${workspace.app.url}/api/documents`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
  return { status: response.status, body: await response.json() };
}

async function settled(id: string): Promise<any> { // any: the API's JSON document record
  for (let attempt = 0; attempt < 200; attempt++) {
    const response = await fetch(`${workspace.app.url}/api/documents/${id}`, { headers: { authorization: `Bearer ${key}` } });
    const { document } = (await response.json()) as { document: { status: string } };
    if (!['queued', 'processing'].includes(document.status)) return document;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the document never left the queue');
}

describe('documents policy from rempart.yaml', () => {
  it('onSecret: refuse → the document fails with REFUSED_BY_POLICY and its content is gone from search', async () => {
    const token = `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`;
    const uploaded = await upload('deploy.txt', `Procédure de déploiement Kiwano : GITHUB_TOKEN=${token}`);
    expect(uploaded.status).toBe(202);
    const document = await settled(uploaded.body.document.id);
    expect(document.status).toBe('failed');
    expect(document.error.code).toBe('REFUSED_BY_POLICY');
    expect(document.error.detail).toContain('SECRET');
    expect(JSON.stringify(document)).not.toContain(token);
    const search = await fetch(`${workspace.app.url}/api/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'déploiement Kiwano', k: 10 }),
    });
    expect(((await search.json()) as { results: unknown[] }).results).toEqual([]);
  });

  it('onSpecialCategory: quarantine → health data is kept but not searchable', async () => {
    const uploaded = await upload('arret.txt', 'Le salarié Paul Martin est en arrêt maladie pour une dépression sévère et suit une chimiothérapie.');
    const document = await settled(uploaded.body.document.id);
    expect(document.status).toBe('quarantined');
    expect(Object.keys(document.sensitive).some((type) => type.startsWith('SPECIAL_CATEGORY'))).toBe(true);
  });

  it('limits.maxFileBytes from the file: a larger upload is refused with 413 naming the limit', async () => {
    const response = await upload('gros.txt', 'a'.repeat(250_000));
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('FILE_TOO_LARGE');
    expect(response.body.detail).toContain('195 KB');
  });

  it('a bad value is refused at load, naming the field', () => {
    const folder = mkdtempSync(join(tmpdir(), 'rempart-docs-config-'));
    writeFileSync(join(folder, 'rempart.yaml'), 'documents:\n  onSecret: delete\n');
    expect(() => loadConfig({ path: join(folder, 'rempart.yaml'), environment: {} })).toThrow(/documents\.onSecret/);
  });
});
