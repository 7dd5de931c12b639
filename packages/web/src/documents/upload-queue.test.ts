import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http.ts';
import type { DocumentInfo } from '../api/types.ts';
import { translator } from '../i18n/i18n.tsx';
import { formatBytes } from '../pages/format.ts';
import {
  phaseProgress,
  pollDelayMs,
  runWithLimit,
  uploadErrorOf,
  uploadErrorText,
  uploadReducer,
  type UploadItem,
} from './upload-queue.ts';

function documentInfo(overrides: Partial<DocumentInfo> = {}): DocumentInfo {
  return {
    id: 'doc-1',
    title: 'Contrat',
    fileName: 'contrat.md',
    format: 'markdown',
    mediaType: 'text/markdown',
    sizeBytes: 1000,
    status: 'queued',
    error: null,
    pages: { total: null, processed: 0 },
    chunkCount: 0,
    sensitive: {},
    injection: { flagged: false, findings: [] },
    groups: [],
    mine: true,
    source: 'upload',
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    links: { self: '/api/documents/doc-1', download: '/api/documents/doc-1/download' },
    ...overrides,
  };
}

const added = (): UploadItem[] =>
  uploadReducer([], {
    type: 'add',
    files: [
      { key: 'a', fileName: 'contrat.md', sizeBytes: 1000 },
      { key: 'b', fileName: 'photo.png', sizeBytes: 4000 },
    ],
  });

describe('upload queue', () => {
  it('takes files as pending, with an editable title until sent', () => {
    let items = added();
    expect(items.map((item) => [item.key, item.phase, item.sentBytes])).toEqual([
      ['a', 'pending', 0],
      ['b', 'pending', 0],
    ]);
    items = uploadReducer(items, { type: 'title', key: 'a', title: 'Contrat client' });
    expect(items[0]!.title).toBe('Contrat client');
    items = uploadReducer(items, { type: 'start', key: 'a' });
    items = uploadReducer(items, { type: 'title', key: 'a', title: 'trop tard' });
    expect(items[0]!.title).toBe('Contrat client');
  });

  it('follows one file through bytes sent, processing pages and ready, without touching the other', () => {
    let items = uploadReducer(added(), { type: 'start', key: 'a' });
    items = uploadReducer(items, { type: 'progress', key: 'a', sentBytes: 250 });
    expect(phaseProgress(items[0]!)).toBe(25);
    items = uploadReducer(items, { type: 'progress', key: 'a', sentBytes: 5000 }); // multipart overhead
    expect(phaseProgress(items[0]!)).toBe(100);

    items = uploadReducer(items, { type: 'accepted', key: 'a', document: documentInfo(), duplicate: false });
    expect(items[0]).toMatchObject({ phase: 'processing', documentId: 'doc-1' });
    expect(phaseProgress(items[0]!)).toBeUndefined(); // pages not known yet: indeterminate

    items = uploadReducer(items, { type: 'status', key: 'a', document: documentInfo({ status: 'processing', pages: { total: 4, processed: 1 } }) });
    expect(phaseProgress(items[0]!)).toBe(25);

    items = uploadReducer(items, { type: 'status', key: 'a', document: documentInfo({ status: 'ready', sensitive: { IBAN: 1 }, chunkCount: 2 }) });
    expect(items[0]).toMatchObject({ phase: 'ready', sensitive: { IBAN: 1 } });
    expect(items[1]).toMatchObject({ phase: 'pending' });
  });

  it('keeps a refused file failed with the server sentence while the others continue', () => {
    let items = uploadReducer(added(), { type: 'start', key: 'a' });
    items = uploadReducer(items, { type: 'start', key: 'b' });
    const refusal = new ApiError({ status: 415, code: 'UNSUPPORTED_FORMAT', detail: 'PNG images are not supported.' });
    items = uploadReducer(items, { type: 'failed', key: 'b', error: uploadErrorOf(refusal) });
    items = uploadReducer(items, { type: 'accepted', key: 'a', document: documentInfo({ status: 'ready' }), duplicate: true });
    expect(items.map((item) => item.phase)).toEqual(['ready', 'failed']);
    expect(items[0]!.duplicate).toBe(true);
    expect(items[1]!.error).toEqual({ code: 'UNSUPPORTED_FORMAT', detail: 'PNG images are not supported.' });
    // A late poll does not bring a finished file back to processing.
    items = uploadReducer(items, { type: 'status', key: 'a', document: documentInfo({ status: 'processing' }) });
    expect(items[0]!.phase).toBe('ready');
    expect(uploadReducer(items, { type: 'clearFinished' })).toEqual([]);
  });

  it('reports a processing failure with the document error', () => {
    let items = uploadReducer(added(), { type: 'start', key: 'a' });
    items = uploadReducer(items, { type: 'accepted', key: 'a', document: documentInfo(), duplicate: false });
    items = uploadReducer(items, {
      type: 'status',
      key: 'a',
      document: documentInfo({ status: 'failed', error: { code: 'CORRUPT_FILE', detail: 'The DOCX body is damaged.' } }),
    });
    expect(items[0]).toMatchObject({ phase: 'failed', error: { code: 'CORRUPT_FILE', detail: 'The DOCX body is damaged.' } });
  });

  it('does not drop a file while it is being sent or processed', () => {
    let items = uploadReducer(added(), { type: 'start', key: 'a' });
    items = uploadReducer(items, { type: 'remove', key: 'a' });
    items = uploadReducer(items, { type: 'remove', key: 'b' });
    expect(items.map((item) => item.key)).toEqual(['a']);
  });

  it('words an error by its code and keeps the server detail', () => {
    const t = translator('fr');
    expect(uploadErrorText({ code: 'FILE_TOO_LARGE', detail: 'The file is larger than 50 MB.' }, t)).toEqual({
      reason: 'Fichier trop volumineux.',
      detail: 'The file is larger than 50 MB.',
    });
    expect(uploadErrorText({ code: 'SOMETHING_NEW', detail: 'Try later.' }, t)).toEqual({ reason: t('error.generic'), detail: 'Try later.' });
    expect(uploadErrorOf(new Error('boom'))).toEqual({ code: 'NETWORK_ERROR' });
  });

  it('polls quickly at first then every 2 s', () => {
    expect([0, 1, 2, 3, 4, 10].map(pollDelayMs)).toEqual([400, 800, 1600, 2000, 2000, 2000]);
  });

  it('runs at most `limit` tasks at a time and survives a failing one', async () => {
    let running = 0;
    let highest = 0;
    const done: number[] = [];
    await runWithLimit([1, 2, 3, 4, 5], 2, async (n) => {
      running++;
      highest = Math.max(highest, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      if (n === 2) throw new Error('refused');
      done.push(n);
    });
    expect(highest).toBe(2);
    expect(done.sort()).toEqual([1, 3, 4, 5]);
  });

  it('writes sizes in decimal units per language', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1234, 'en')).toBe('1.2 kB');
    expect(formatBytes(52_400_000, 'fr')).toBe('52,4 Mo');
  });
});
