import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/**
 * One link of the audit chain, as hashed. The hash covers every column, so changing any of
 * them, moving a row, or removing one breaks the chain at a locatable row.
 */
export interface AuditRecord {
  id: number;
  createdAt: Date;
  kind: AuditKind;
  requestId: string | null;
  /** For a completion/failure: the id of the request record it closes. */
  refersTo: number | null;
  userId: string | null;
  apiKeyId: string | null;
  /** Categories, counts, decisions, hashes — never a sensitive value. */
  details: AuditDetails;
  prevHash: string;
  hash: string;
}

export type AuditKind = 'request' | 'completion' | 'failure' | 'refusal' | 'admin';
export type AuditDetails = { [key: string]: AuditJson };
export type AuditJson = string | number | boolean | null | AuditJson[] | { [key: string]: AuditJson };

export const GENESIS_HASH = '0'.repeat(64);

export function hashRecord(record: Omit<AuditRecord, 'hash'>): string {
  const hashed = canonicalJson({
    id: record.id,
    createdAt: record.createdAt.toISOString(),
    kind: record.kind,
    requestId: record.requestId,
    refersTo: record.refersTo,
    userId: record.userId,
    apiKeyId: record.apiKeyId,
    details: record.details,
    prevHash: record.prevHash,
  });
  return createHash('sha256').update(hashed).digest('hex');
}

/**
 * hashRecord with the details' canonical JSON already computed (the audit log computes it
 * once per record): the same bytes as canonicalJson of the whole record, members in sorted
 * key order, so the same hash (tested against hashRecord).
 */
export function hashRecordWithDetailsJson(record: Omit<AuditRecord, 'hash' | 'details'>, detailsJson: string): string {
  const hashed =
    `{"apiKeyId":${JSON.stringify(record.apiKeyId)},"createdAt":${JSON.stringify(record.createdAt.toISOString())},` +
    `"details":${detailsJson},"id":${canonicalJson(record.id)},"kind":${JSON.stringify(record.kind)},` +
    `"prevHash":${JSON.stringify(record.prevHash)},"refersTo":${canonicalJson(record.refersTo)},` +
    `"requestId":${JSON.stringify(record.requestId)},"userId":${JSON.stringify(record.userId)}}`;
  return createHash('sha256').update(hashed).digest('hex');
}

/** SHA-256 (hex) of a payload, for recording *that* something was sent without what it said. */
export function sha256Hex(payload: string | Uint8Array): string {
  return createHash('sha256').update(payload).digest('hex');
}
