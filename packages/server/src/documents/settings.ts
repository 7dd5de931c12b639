import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { DEFAULT_INGESTION_LIMITS, type IngestionLimits } from './parsed-document.ts';

/**
 * Document settings: defaults below, overridden by the administrators' `documents` entry in
 * workspace_settings (same JSON shape), itself overridable by the plugin options (tests).
 * onSecret / onSpecialCategory: what to do with a document in which the shield finds a secret
 * (SECRET, URL_CREDENTIALS) or GDPR Art. 9/10 data: 'index' (flag only), 'quarantine' (kept,
 * not searchable, the owner sees why) or 'refuse' (failed, content removed).
 */
export const documentSettingsSchema = z.object({
  limits: z
    .object({
      maxFileBytes: z.number().int().positive(),
      maxPages: z.number().int().positive(),
      maxUncompressedBytes: z.number().int().positive(),
      maxCompressionRatio: z.number().positive(),
      maxArchiveEntries: z.number().int().positive(),
    })
    .partial()
    .optional(),
  onSecret: z.enum(['index', 'quarantine', 'refuse']).optional(),
  onSpecialCategory: z.enum(['index', 'quarantine', 'refuse']).optional(),
  /** Files processed at the same time. */
  concurrency: z.number().int().min(1).max(16).optional(),
});

export type SensitiveAction = 'index' | 'quarantine' | 'refuse';

export interface DocumentSettings {
  limits: IngestionLimits;
  onSecret: SensitiveAction;
  onSpecialCategory: SensitiveAction;
  concurrency: number;
}

export const DEFAULT_DOCUMENT_SETTINGS: DocumentSettings = {
  limits: DEFAULT_INGESTION_LIMITS,
  onSecret: 'quarantine',
  onSpecialCategory: 'index',
  concurrency: 2,
};

export type DocumentSettingsInput = z.input<typeof documentSettingsSchema>;

export function mergeSettings(base: DocumentSettings, override: DocumentSettingsInput | undefined): DocumentSettings {
  if (!override) return base;
  const parsed = documentSettingsSchema.parse(override);
  return {
    limits: { ...base.limits, ...parsed.limits },
    onSecret: parsed.onSecret ?? base.onSecret,
    onSpecialCategory: parsed.onSpecialCategory ?? base.onSpecialCategory,
    concurrency: parsed.concurrency ?? base.concurrency,
  };
}

/** Defaults ← workspace_settings 'documents' ← explicit options. */
export async function loadDocumentSettings(db: Database, explicit?: DocumentSettingsInput): Promise<DocumentSettings> {
  const stored = await db.query<{ value: unknown }>("SELECT value FROM workspace_settings WHERE key = 'documents'");
  const fromAdmin = stored.rows[0]?.value as DocumentSettingsInput | undefined;
  return mergeSettings(mergeSettings(DEFAULT_DOCUMENT_SETTINGS, fromAdmin), explicit);
}
