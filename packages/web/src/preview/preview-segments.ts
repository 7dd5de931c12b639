/**
 * Turns a shield result into what the composer shows: the typed text cut into plain runs and
 * highlighted runs (what will be pseudonymised, masked or blocked), plus a per-type summary.
 * Pure functions: the live preview and its tests share them.
 */
import type { Action, EntityType, ProtectResult } from '@rempart/shield';

export interface PreviewSegment {
  text: string;
  /** Absent for text that leaves as typed. */
  finding?: {
    type: EntityType;
    action: Exclude<Action, 'allow'>;
    /** What the provider receives instead (`<IBAN_1>`, `J*** D***`, …). */
    replacement: string;
  };
}

export interface PreviewSummaryRow {
  type: EntityType;
  action: Exclude<Action, 'allow'>;
  count: number;
}

export interface TextPreview {
  segments: PreviewSegment[];
  summary: PreviewSummaryRow[];
  /** The text as the provider will see it. */
  outboundText: string;
  blocked: boolean;
  /** `SECRET`, `SPECIAL_CATEGORY:health`: never values. */
  blockedTypes: string[];
}

export function previewFromResult(text: string, result: ProtectResult): TextPreview {
  const replacements = [...result.replacements].sort((a, b) => a.start - b.start);
  const segments: PreviewSegment[] = [];
  let position = 0;
  for (const replacement of replacements) {
    if (replacement.start < position) continue; // nested inside one already shown
    if (replacement.start > position) segments.push({ text: text.slice(position, replacement.start) });
    segments.push({
      text: text.slice(replacement.start, replacement.end),
      finding: { type: replacement.type, action: replacement.action, replacement: replacement.replacement },
    });
    position = replacement.end;
  }
  if (position < text.length) segments.push({ text: text.slice(position) });

  const rows = new Map<string, PreviewSummaryRow>();
  for (const replacement of replacements) {
    const key = `${replacement.type}|${replacement.action}`;
    const row = rows.get(key);
    if (row) row.count++;
    else rows.set(key, { type: replacement.type, action: replacement.action, count: 1 });
  }
  // Blocks first: they are what stops the message.
  const summary = [...rows.values()].sort(
    (a, b) => Number(b.action === 'block') - Number(a.action === 'block') || a.type.localeCompare(b.type),
  );
  return { segments, summary, outboundText: result.text, blocked: result.blocked, blockedTypes: result.blockedTypes };
}

/** `SPECIAL_CATEGORY:health` → its entity type, for labels. */
export function entityTypeOf(blockedType: string): string {
  const colon = blockedType.indexOf(':');
  return colon === -1 ? blockedType : blockedType.slice(0, colon);
}
