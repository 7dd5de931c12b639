/**
 * An export of a period of the audit trail that can be verified without Rempart: JSON lines,
 * the first line a header (the period, the hash the first exported row links to, the signed
 * checkpoint, the public key), then one record per line exactly as hashed. Rows after the
 * period are included up to the checkpoint, so the chain can be recomputed to a signed head.
 * `verify-audit-export.mjs` (below, served by the API) checks it with node alone; the
 * checkpoint's signature alone can be checked with openssl (docs/compliance.md).
 */
import type { Database } from '../db/database.ts';
import { toNumber } from '../db/database.ts';
import { AUDIT_COLUMNS, auditRecordFromRow, readAnchor, type AuditRowData } from './chain-verify.ts';
import { checkpointCovering, createCheckpoint, type Checkpoint } from './checkpoints.ts';
import type { SigningKey } from './signing-key.ts';

export const EXPORT_FORMAT = 'rempart-audit-export/1';

export interface AuditExport {
  fileName: string;
  jsonl: string;
  rowCount: number;
  checkpoint: Checkpoint | null;
}

export async function exportAuditPeriod(db: Database, key: SigningKey, period: { from: string; to: string }): Promise<AuditExport> {
  const bounds = await db.query<{ first: unknown; last: unknown }>(
    'SELECT min(id) AS first, max(id) AS last FROM audit_log WHERE created_at >= $1 AND created_at < $2',
    [period.from, period.to],
  );
  const first = bounds.rows[0]?.first;
  const last = bounds.rows[0]?.last;
  const header: Record<string, unknown> = { format: EXPORT_FORMAT, period, exportedAt: new Date().toISOString() };
  const fileName = `rempart-audit-${period.from.slice(0, 10)}_${period.to.slice(0, 10)}.jsonl`;
  if (first === null || first === undefined || last === null || last === undefined) {
    return { fileName, jsonl: JSON.stringify({ ...header, records: 0, previousHash: null, checkpoint: null, publicKeyPem: key.publicKeyPem }) + '\n', rowCount: 0, checkpoint: null };
  }
  const firstId = toNumber(first);
  const lastId = toNumber(last);
  const checkpoint = (await checkpointCovering(db, lastId)) ?? (await createCheckpoint(db, key, { kind: 'on_demand' }))!;
  const previous = firstId === 1 ? '0'.repeat(64) : await previousHash(db, firstId);
  const rows = await db.query<AuditRowData>(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE id >= $1 AND id <= $2 ORDER BY id`, [firstId, checkpoint.lastId]);
  const lines = [
    JSON.stringify({
      ...header,
      records: rows.rows.length,
      firstId,
      lastIdInPeriod: lastId,
      previousHash: previous,
      checkpoint: { id: checkpoint.id, kind: checkpoint.kind, lastId: checkpoint.lastId, lastHash: checkpoint.lastHash, payload: checkpoint.payload, signature: checkpoint.signature, keyId: checkpoint.keyId },
      publicKeyPem: checkpoint.publicKeyPem,
    }),
  ];
  for (const row of rows.rows) {
    const record = auditRecordFromRow(row);
    lines.push(JSON.stringify({ ...record, createdAt: record.createdAt.toISOString() }));
  }
  return { fileName, jsonl: lines.join('\n') + '\n', rowCount: rows.rows.length, checkpoint };
}

async function previousHash(db: Database, firstId: number): Promise<string> {
  const row = await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE id = $1', [firstId - 1]);
  if (row.rows[0]) return row.rows[0].hash;
  const anchor = await readAnchor(db);
  if (anchor.anchorId === firstId - 1) return anchor.anchorHash;
  throw new Error(`audit row ${firstId - 1} is missing: verify the chain`);
}

/** A standalone verifier (node ≥ 18, no dependencies): `node verify-audit-export.mjs export.jsonl`. */
export const VERIFY_SCRIPT = `#!/usr/bin/env node
// Verifies a Rempart audit export: every record's SHA-256 over its canonical JSON, the links
// between records, the last record against the signed checkpoint, and the Ed25519 signature.
// Usage: node verify-audit-export.mjs export.jsonl [public-key.pem]
// Pass the public key you obtained from the organisation separately to pin it (recommended).
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const canonical = (value) => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return '[' + value.map((item) => canonical(item ?? null)).join(',') + ']';
  if (typeof value === 'object') {
    return '{' + Object.keys(value).sort().filter((key) => value[key] !== undefined)
      .map((key) => JSON.stringify(key) + ':' + canonical(value[key])).join(',') + '}';
  }
  return JSON.stringify(value);
};
const fail = (message) => { console.error('INVALID: ' + message); process.exit(1); };

const [file, pinnedKeyFile] = process.argv.slice(2);
if (!file) fail('usage: node verify-audit-export.mjs export.jsonl [public-key.pem]');
const lines = readFileSync(file, 'utf8').split('\\n').filter((line) => line.trim() !== '');
const header = JSON.parse(lines[0]);
if (header.format !== '${EXPORT_FORMAT}') fail('not a Rempart audit export');
if (header.records === 0) { console.log('OK: the period holds no records'); process.exit(0); }
const publicKeyPem = pinnedKeyFile ? readFileSync(pinnedKeyFile, 'utf8') : header.publicKeyPem;
const checkpoint = header.checkpoint;
if (!verify(null, Buffer.from(checkpoint.payload, 'utf8'), createPublicKey(publicKeyPem), Buffer.from(checkpoint.signature, 'base64'))) {
  fail('the checkpoint signature does not verify with ' + (pinnedKeyFile ? pinnedKeyFile : 'the public key in the export'));
}
const signed = JSON.parse(checkpoint.payload);
let previous = header.previousHash;
let expectedId = header.firstId;
for (const line of lines.slice(1)) {
  const record = JSON.parse(line);
  if (record.id !== expectedId) fail('record ' + expectedId + ' is missing (found ' + record.id + ')');
  if (record.prevHash !== previous) fail('record ' + record.id + ' does not link to the previous one');
  const { hash, ...hashed } = record;
  const computed = createHash('sha256').update(canonical(hashed)).digest('hex');
  if (computed !== hash) fail('record ' + record.id + ' was changed (its hash does not match its content)');
  previous = hash;
  expectedId++;
}
if (expectedId - 1 !== signed.lastId || previous !== signed.lastHash) fail('the last record does not match the signed checkpoint');
console.log('OK: ' + (lines.length - 1) + ' records verified up to the checkpoint signed at ' + signed.createdAt + ' (key ' + checkpoint.keyId + ')');
`;
