/** Planting data of known ages in a test database (conversations, vaults, documents, audit rows). */
import { randomUUID } from 'node:crypto';
import { Vault } from '@rempart/shield';
import type { Database } from '../../src/db/database.ts';
import type { VaultStore } from '../../src/vault/vault-store.ts';

export const DAY = 86_400_000;

export function daysAgo(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY);
}

export async function plantConversation(
  db: Database,
  options: { userId: string; updatedAt: Date; content?: string; title?: string },
): Promise<string> {
  const id = randomUUID();
  await db.query('INSERT INTO conversations (id, user_id, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)', [
    id,
    options.userId,
    options.title ?? 'Planted',
    options.updatedAt.toISOString(),
  ]);
  await db.query(`INSERT INTO messages (id, conversation_id, role, content, status, created_at) VALUES ($1, $2, 'user', $3, 'complete', $4)`, [
    randomUUID(),
    id,
    options.content ?? 'hello',
    options.updatedAt.toISOString(),
  ]);
  return id;
}

/** A vault holding `values` (as PERSON/EMAIL_ADDRESS entries), updated at `updatedAt`. */
export async function plantVault(
  db: Database,
  vaultStore: VaultStore,
  options: { conversationId: string; ownerId: string; entries: { type: 'PERSON' | 'EMAIL_ADDRESS'; value: string }[]; updatedAt?: Date },
): Promise<void> {
  const vault = new Vault();
  for (const entry of options.entries) vault.placeholderFor(entry.type, entry.value);
  await vaultStore.save(options.conversationId, options.ownerId, vault.toJSON(), 0);
  if (options.updatedAt) {
    await db.query('UPDATE vaults SET updated_at = $2 WHERE conversation_id = $1', [options.conversationId, options.updatedAt.toISOString()]);
  }
}

export async function plantDocument(
  db: Database,
  options: { ownerId: string; createdAt: Date; text: string; title?: string },
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO documents (id, owner_id, title, media_type, format, size_bytes, content_hash, status, chunk_count, created_at, updated_at)
     VALUES ($1, $2, $3, 'text/plain', 'text', $4, $5, 'ready', 1, $6, $6)`,
    [id, options.ownerId, options.title ?? 'Planted document', options.text.length, randomUUID(), options.createdAt.toISOString()],
  );
  await db.query('INSERT INTO document_files (document_id, content) VALUES ($1, $2)', [id, Buffer.from(options.text)]);
  await db.query(
    `INSERT INTO document_chunks (id, document_id, position, text, search_text, token_count) VALUES ($1, $2, 0, $3, lower($3), 10)`,
    [randomUUID(), id, options.text],
  );
  return id;
}

/** Empties the audit chain (and compliance state bound to it) so a test starts from row 1. */
export async function resetAuditChain(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.runScript(`SET LOCAL rempart.audit_purge = 'on'`);
    await tx.query('DELETE FROM audit_log');
    await tx.query(`UPDATE audit_chain_head SET last_id = 0, last_hash = repeat('0', 64)`);
    await tx.query(`UPDATE audit_anchor SET anchor_id = 0, anchor_hash = repeat('0', 64)`);
    await tx.query('DELETE FROM audit_checkpoints');
    await tx.query('DELETE FROM purge_runs');
  });
}

/** Runs SQL on audit_log with its append-only trigger off (what an attacker with DB rights does). */
export async function tamper(db: Database, sql: string, params: unknown[] = []): Promise<void> {
  await db.runScript('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
  try {
    await db.query(sql, params);
  } finally {
    await db.runScript('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  }
}
