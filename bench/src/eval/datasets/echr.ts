/** ECHR French judgments (dev splits), PER scored as PERSON. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpanCase, SpanDataset } from '../types.ts';
import { DATA_DIR } from './paths.ts';

export const ECHR_SPLITS = ['FR-all-dev', 'FR-rev-dev', 'FR-manual-dev'] as const;

export function loadEchr(split: (typeof ECHR_SPLITS)[number]): SpanDataset {
  const lines = readFileSync(join(DATA_DIR, `echr-fr/${split}.spans.jsonl`), 'utf8').split('\n').filter((l) => l.trim() !== '');
  // The manual split tags judges and lawyers LEGAL_PROFESSIONAL instead of PER; they are named people.
  const personLabels = new Set(['PER', 'LEGAL_PROFESSIONAL']);
  const cases: SpanCase[] = lines.map((line) => {
    const row = JSON.parse(line) as { id: number; text: string; spans: { label: string; start: number; end: number; value: string }[] };
    return {
      id: `${split}-${row.id}`,
      text: row.text,
      language: 'fr',
      gold: row.spans.filter((s) => personLabels.has(s.label)).map((s) => ({ type: 'PERSON', start: s.start, end: s.end, value: s.value })),
    };
  });
  return {
    kind: 'spans',
    name: `echr-${split.replace(/^FR-/, '').replace(/-dev$/, '')}`,
    description: `ECHR French ${split} (${cases.length} sentences)`,
    scoredTypes: ['PERSON'],
    cases,
    notes: [
      'PER (and, in the manual split, LEGAL_PROFESSIONAL) → PERSON; other labels (DATE, LOC, ORG, CODE, …) out of scope.',
      'Gold PER spans include titles ("M. John Hirst"); titles are stripped from gold and predictions before exact matching.',
      'Texts are re-joined tokens ("l \'homme"): spacing is unusual, offsets are exact.',
    ],
  };
}
