/**
 * "A bad file never stops the others": a corrupt PDF uploaded right before a good text file
 * (both queued, no wait in between) fails with its own code while the text file becomes ready
 * and searchable; a PDF refused at upload leaves the next upload untouched; the queue keeps
 * working afterwards. Real upload route on PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDocumentsApp, uploadAndWait, type DocumentsTestApp, type Person } from './documents-app.ts';
import { makePdf } from './fixtures.ts';

/**
 * A PDF that opens (header, xref, catalog, a page count: it passes the upload checks) but whose
 * page tree points at itself: reading page 1 fails, so it is damaged only at parse time.
 */
function makePdfWithCircularPageTree(tag = ''): Uint8Array {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Count 1 /Kids [2 0 R] >>'];
  let out = `%PDF-1.4\n%${tag}\n`; // the comment makes each file's bytes (and content hash) distinct
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(out.length);
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

describe('a bad file never stops the others (PGlite)', () => {
  let testApp: DocumentsTestApp;
  let owner: Person;

  beforeAll(async () => {
    testApp = await startDocumentsApp('pglite');
    owner = await testApp.person('batch@example.org');
  }, 60_000);
  afterAll(async () => {
    await testApp?.close();
  });

  const search = async (query: string) => (await owner.json('/api/search', { query, k: 5 })).body.results as { documentId: string; text: string }[];
  const status = async (id: string) => (await owner.json(`/api/documents/${id}`)).body.document;

  it('a PDF damaged inside fails with CORRUPT_FILE while the text file queued right after it is ready and searchable', async () => {
    const bad = await owner.upload({ name: 'abime.pdf', bytes: makePdfWithCircularPageTree('first') });
    const good = await owner.upload({ name: 'note.txt', bytes: 'La réunion du comité de pilotage aura lieu mardi dans la salle Vauban.' });
    // Both accepted: the damage shows only when the PDF's pages are read.
    expect(bad.status).toBe(202);
    expect(good.status).toBe(202);
    await testApp.module.ingester.whenIdle();

    const failed = await status(bad.body.document.id);
    expect(failed).toMatchObject({ status: 'failed', chunkCount: 0, error: { code: 'CORRUPT_FILE', detail: expect.stringMatching(/damaged/) } });
    const ready = await status(good.body.document.id);
    expect(ready).toMatchObject({ status: 'ready', error: null });
    expect(ready.chunkCount).toBeGreaterThan(0);

    const hits = await search('comité pilotage salle Vauban');
    expect(hits[0]).toMatchObject({ documentId: good.body.document.id });
    expect(hits[0]!.text).toContain('salle Vauban');
    expect(hits.some((hit) => hit.documentId === bad.body.document.id)).toBe(false);
    const chunks = await testApp.services.db.query('SELECT id FROM document_chunks WHERE document_id = $1', [bad.body.document.id]);
    expect(chunks.rows).toHaveLength(0);

    // Both listed, each with its own status.
    const items = (await owner.json('/api/documents')).body.documents as { id: string; status: string }[];
    expect(items.find((item) => item.id === bad.body.document.id)?.status).toBe('failed');
    expect(items.find((item) => item.id === good.body.document.id)?.status).toBe('ready');
  });

  it('several bad and good files interleaved: every good one ready, every bad one failed with its code', async () => {
    const uploads = [];
    for (let index = 0; index < 3; index++) {
      uploads.push({ good: false, response: await owner.upload({ name: `abime-${index}.pdf`, bytes: makePdfWithCircularPageTree(`batch-${index}`) }) });
      uploads.push({ good: true, index, response: await owner.upload({ name: `compte-rendu-${index}.txt`, bytes: `Compte rendu numéro ${index}: la livraison des tablettes Zephyr${index} est reportée.` }) });
    }
    expect(uploads.map((upload) => upload.response.status)).toEqual([202, 202, 202, 202, 202, 202]);
    await testApp.module.ingester.whenIdle();
    for (const upload of uploads) {
      const document = await status(upload.response.body.document.id);
      if (upload.good) {
        expect(document.status).toBe('ready');
        const hits = await search(`tablettes Zephyr${upload.index}`);
        expect(hits[0]?.documentId).toBe(document.id);
      } else {
        expect(document).toMatchObject({ status: 'failed', error: { code: 'CORRUPT_FILE' } });
      }
    }
  });

  it('a PDF refused at upload (422 CORRUPT_FILE) leaves the next upload untouched, and the queue still works', async () => {
    const refused = await owner.upload({ name: 'casse.pdf', bytes: '%PDF-1.7\nthis is not a pdf at all' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'CORRUPT_FILE' });
    const document = await uploadAndWait(testApp, owner, { name: 'suite.txt', bytes: 'Le parking visiteurs ferme à dix-neuf heures.' });
    expect(document).toMatchObject({ status: 'ready' });
    expect((await search('parking visiteurs'))[0]).toMatchObject({ documentId: document.id });
    const pdf = await uploadAndWait(testApp, owner, { name: 'valide.pdf', bytes: await makePdf(['Le badge temporaire se rend à l’accueil.']) });
    expect(pdf).toMatchObject({ status: 'ready', format: 'pdf' });
    expect((await search('badge temporaire'))[0]).toMatchObject({ documentId: pdf.id, page: 1 });
  });
});
