/** A person's data as JSON (Art. 15/20: structured, machine-readable) and as CSV (one line per field). */
import { toCsv } from '../csv.ts';
import type { PersonData } from './person-search.ts';

export function personDataJson(data: PersonData): string {
  return JSON.stringify({ format: 'rempart-person-data/1', generatedAt: new Date().toISOString(), ...data }, null, 2);
}

/** Flattened: store, record id, field, value — every scalar of the JSON export, nothing else. */
export function personDataCsv(data: PersonData): string {
  const rows: (string | number | boolean | null)[][] = [];
  const add = (store: string, recordId: string, record: unknown, prefix = ''): void => {
    if (record === null || typeof record !== 'object') {
      rows.push([store, recordId, prefix || 'value', record as string | number | boolean | null]);
      return;
    }
    for (const [key, value] of Object.entries(record)) {
      const field = prefix ? `${prefix}.${key}` : key;
      if (value !== null && typeof value === 'object') add(store, recordId, value, field);
      else rows.push([store, recordId, field, value as string | number | boolean | null]);
    }
  };
  if (data.account) add('account', data.account.id, data.account);
  const stores: [string, { id?: string | number; messageId?: string; chunkId?: string; conversationId?: string; version?: number; moduleId?: string }[]][] = [
    ['apiKeys', data.apiKeys],
    ['conversations', data.conversations],
    ['documents', data.documents],
    ['messageMentions', data.messageMentions],
    ['documentMentions', data.documentMentions],
    ['vaultEntries', data.vaultEntries],
    ['concerns', data.concerns],
    ['feedback', data.feedback],
    ['charterAcceptances', data.charterAcceptances],
    ['trainingCompletions', data.trainingCompletions],
    ['audit', data.audit],
  ];
  for (const [store, records] of stores) {
    records.forEach((record, index) => {
      const recordId = String(record.id ?? record.messageId ?? record.chunkId ?? record.conversationId ?? record.moduleId ?? record.version ?? index);
      add(store, recordId, record);
    });
  }
  return toCsv(['store', 'record', 'field', 'value'], rows);
}
