/**
 * The state of the files being uploaded, as a pure reducer: chosen (pending) → sending (bytes
 * sent) → processing (pages done, polled from GET /api/documents/:id) → ready / quarantined /
 * failed. Each file moves on its own; one failing never stops the others.
 */
import { isApiError } from '../api/http.ts';
import { isMessageKey, type Translate } from '../i18n/i18n.tsx';
import type { DocumentInfo, DocumentStatus } from '../api/types.ts';

export type UploadPhase = 'pending' | 'uploading' | 'processing' | 'ready' | 'quarantined' | 'failed';

export interface UploadError {
  code: string;
  /** The server's own sentence (problem+json `detail`, or the document's `error.detail`). */
  detail?: string;
}

export interface UploadItem {
  key: string;
  fileName: string;
  sizeBytes: number;
  /** Typed by the user; empty = the server takes the file name. */
  title: string;
  phase: UploadPhase;
  sentBytes: number;
  documentId?: string;
  pages?: { total: number | null; processed: number };
  duplicate?: boolean;
  error?: UploadError;
  /** Types and counts found in the document, once processed. */
  sensitive?: Record<string, number>;
}

export type UploadAction =
  | { type: 'add'; files: { key: string; fileName: string; sizeBytes: number }[] }
  | { type: 'remove'; key: string }
  | { type: 'title'; key: string; title: string }
  | { type: 'start'; key: string }
  | { type: 'progress'; key: string; sentBytes: number }
  | { type: 'accepted'; key: string; document: DocumentInfo; duplicate: boolean }
  | { type: 'status'; key: string; document: DocumentInfo }
  | { type: 'failed'; key: string; error: UploadError }
  | { type: 'clearFinished' };

const FINAL_STATUSES: readonly DocumentStatus[] = ['ready', 'failed', 'quarantined'];

export function isFinalStatus(status: DocumentStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

export function isFinished(item: UploadItem): boolean {
  return item.phase === 'ready' || item.phase === 'failed' || item.phase === 'quarantined';
}

/** Where a document the server knows stands, from the upload's point of view. */
function fromDocument(item: UploadItem, document: DocumentInfo): UploadItem {
  const phase: UploadPhase =
    document.status === 'ready' ? 'ready' : document.status === 'quarantined' ? 'quarantined' : document.status === 'failed' ? 'failed' : 'processing';
  return {
    ...item,
    phase,
    documentId: document.id,
    sentBytes: item.sizeBytes,
    pages: document.pages,
    sensitive: document.sensitive,
    error: document.status === 'failed' ? { code: document.error?.code ?? 'INTERNAL', detail: document.error?.detail } : undefined,
  };
}

export function uploadReducer(items: UploadItem[], action: UploadAction): UploadItem[] {
  const update = (key: string, change: (item: UploadItem) => UploadItem) => items.map((item) => (item.key === key ? change(item) : item));
  switch (action.type) {
    case 'add':
      return [...items, ...action.files.map((file) => ({ ...file, title: '', phase: 'pending' as const, sentBytes: 0 }))];
    case 'remove':
      return items.filter((item) => item.key !== action.key || item.phase === 'uploading' || item.phase === 'processing');
    case 'title':
      return update(action.key, (item) => (item.phase === 'pending' ? { ...item, title: action.title } : item));
    case 'start':
      return update(action.key, (item) => ({ ...item, phase: 'uploading', sentBytes: 0, error: undefined }));
    case 'progress':
      return update(action.key, (item) => (item.phase === 'uploading' ? { ...item, sentBytes: Math.min(action.sentBytes, item.sizeBytes) } : item));
    case 'accepted':
      return update(action.key, (item) => ({ ...fromDocument(item, action.document), duplicate: action.duplicate }));
    case 'status':
      return update(action.key, (item) => (isFinished(item) ? item : fromDocument(item, action.document)));
    case 'failed':
      return update(action.key, (item) => ({ ...item, phase: 'failed', error: action.error }));
    case 'clearFinished':
      return items.filter((item) => !isFinished(item));
  }
}

/**
 * 0–100 for the progress bar of the current phase (bytes sent, then pages processed);
 * undefined when the amount is not known yet (an indeterminate bar).
 */
export function phaseProgress(item: UploadItem): number | undefined {
  if (item.phase === 'uploading') return item.sizeBytes > 0 ? Math.round((item.sentBytes / item.sizeBytes) * 100) : undefined;
  if (item.phase === 'processing') {
    const total = item.pages?.total;
    return total && total > 0 ? Math.min(100, Math.round(((item.pages?.processed ?? 0) / total) * 100)) : undefined;
  }
  if (item.phase === 'pending') return 0;
  return 100;
}

/** What a failed upload request says: its code and the server's sentence. */
export function uploadErrorOf(error: unknown): UploadError {
  if (isApiError(error)) return { code: error.code, detail: error.problem.detail };
  return { code: 'NETWORK_ERROR' };
}

/** The reason in words (by code) and the server's own sentence, which names the limit or the problem. */
export function uploadErrorText(error: UploadError, t: Translate): { reason: string; detail?: string } {
  const key = `error.${error.code}`;
  const reason = isMessageKey(key) ? t(key) : t('error.generic');
  return { reason, detail: error.detail && error.detail !== reason ? error.detail : undefined };
}

/** Waits between two status polls: quick at first (small files finish in well under a second), then every 2 s. */
export function pollDelayMs(attempt: number): number {
  return Math.min(2000, 400 * 2 ** Math.min(attempt, 3));
}

/** Runs `task` on every element with at most `limit` at a time; a task's failure is its own business. */
export async function runWithLimit<T>(elements: readonly T[], limit: number, task: (element: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < elements.length) {
      const element = elements[next++]!;
      try {
        await task(element);
      } catch {
        // Reported by the task itself; the next file goes on.
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, elements.length)) }, worker));
}
