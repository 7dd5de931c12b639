/**
 * Optional embeddings: configured by naming a model (`documents.embeddings.model`), computed by
 * that provider's OpenAI-compatible /v1/embeddings after the shield, fused with full-text search
 * by reciprocal rank fusion — with the reader's rights inside both queries.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { embeddingsEndpointFrom } from '../../src/documents/embeddings-config.ts';
import { backendNames } from '../support/databases.ts';
import { startDocumentsApp, uploadAndWait, type DocumentsTestApp, type Person } from './documents-app.ts';

/** A deterministic "semantic" model: one dimension per concept, synonyms share it. */
const CONCEPTS = [
  ['voiture', 'automobile', 'véhicule', 'vehicule'],
  ['virement', 'iban', 'banque', 'bancaire'],
  ['chat', 'félin', 'felin'],
  ['congé', 'conge', 'vacances'],
];
function embed(text: string): number[] {
  const words = text.toLowerCase().split(/[^\p{L}]+/u);
  return [...CONCEPTS.map((synonyms) => words.filter((word) => synonyms.includes(word)).length), 0.01];
}

interface EmbeddingsStub {
  url: string;
  inputs: string[];
  close(): Promise<void>;
}
async function startEmbeddingsStub(): Promise<EmbeddingsStub> {
  const inputs: string[] = [];
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      const body = JSON.parse(raw) as { input: string[] };
      inputs.push(...body.input);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ object: 'list', data: body.input.map((text, index) => ({ object: 'embedding', index, embedding: embed(text) })) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v1`,
    inputs,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const IBAN = 'FR76 3000 6000 0112 3456 7890 189';

describe('embeddings configuration', () => {
  const write = (yaml: string) => {
    const folder = mkdtempSync(join(tmpdir(), 'rempart-emb-'));
    writeFileSync(join(folder, 'rempart.yaml'), yaml);
    return join(folder, 'rempart.yaml');
  };
  it('names a configured model; its provider gives the endpoint and the policy destination', () => {
    const config = loadConfig({
      path: write('providers:\n  local: { type: openai, baseUrl: "http://127.0.0.1:9/v1", apiKey: k, location: on-premise }\nmodels:\n  embed: { provider: local, upstreamModel: bge-m3 }\ndocuments:\n  embeddings: { model: embed }\n'),
      environment: {},
    });
    expect(embeddingsEndpointFrom(config)).toEqual({ baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'k', model: 'bge-m3', location: 'on-premise' });
  });
  it('refuses an unknown model or a provider that does not speak /v1/embeddings, naming the field', () => {
    expect(() => loadConfig({ path: write('documents:\n  embeddings: { model: nope }\n'), environment: {} })).toThrow(/documents\.embeddings\.model: no model named 'nope'/);
    expect(() =>
      loadConfig({
        path: write('providers:\n  claude: { type: anthropic, apiKey: k, location: non-eu }\nmodels:\n  c: { provider: claude }\ndocuments:\n  embeddings: { model: c }\n'),
        environment: {},
      }),
    ).toThrow(/type 'anthropic'.*type openai/);
  });
});

describe.each(backendNames)('search fused with embeddings on %s', (backend) => {
  let stub: EmbeddingsStub;
  let testApp: DocumentsTestApp;
  let alice: Person;
  let bob: Person;

  beforeAll(async () => {
    stub = await startEmbeddingsStub();
    testApp = await startDocumentsApp(backend, { embeddings: { baseUrl: stub.url, model: 'concepts', location: 'non-eu' } });
    alice = await testApp.person('alice@example.org', ['garage']);
    bob = await testApp.person('bob@example.org', ['compta']);
    await uploadAndWait(testApp, alice, { name: 'flotte.md', bytes: `# Flotte\n\nLa voiture de service est réservée au directeur. Payer par virement sur ${IBAN}.`, type: 'text/markdown' }, { groups: 'garage' });
    await uploadAndWait(testApp, alice, { name: 'chats.md', bytes: '# Animaux\n\nLe félin du bureau dort sur la photocopieuse.', type: 'text/markdown' }, { groups: 'garage' });
  });
  afterAll(async () => {
    await testApp?.close();
    await stub?.close();
  });

  it('finds a passage by meaning when no word matches (automobile → voiture), through POST /api/search', async () => {
    const { status, body } = await alice.json('/api/search', { query: 'automobile', k: 5 });
    expect(status).toBe(200);
    expect(body.results[0]?.title).toBe('flotte.md');
  });

  it('the embeddings provider only ever received shielded text (no IBAN in clear)', () => {
    expect(stub.inputs.length).toBeGreaterThanOrEqual(3); // two passages at ingestion + the query
    expect(stub.inputs.join('\n')).not.toContain('3000 6000');
    expect(stub.inputs.some((input) => input.includes('voiture'))).toBe(true);
  });

  it('rights hold in the vector query too: a reader outside the group gets nothing', async () => {
    const { body } = await bob.json('/api/search', { query: 'automobile', k: 5 });
    expect(body.results).toEqual([]);
  });
});
