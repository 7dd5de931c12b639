/** Our generated French business corpus (bench/src/corpus), read from the committed file. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CORPUS_OPTIONS, generateCorpus, type CorpusDocument } from '../../corpus/generate.ts';
import type { SpanDataset } from '../types.ts';
import { RESULTS_DIR } from './paths.ts';

export const CORPUS_FILE = join(RESULTS_DIR, 'corpus/fr-business-corpus.jsonl');

export function loadFrCorpus(): SpanDataset {
  const fromFile = existsSync(CORPUS_FILE);
  const docs: CorpusDocument[] = fromFile
    ? readFileSync(CORPUS_FILE, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as CorpusDocument)
    : generateCorpus(DEFAULT_CORPUS_OPTIONS);
  return {
    kind: 'spans',
    name: 'fr-business',
    description: `Generated French business corpus (${docs.length} documents, seed ${DEFAULT_CORPUS_OPTIONS.seed}${fromFile ? ', bench/results/corpus/fr-business-corpus.jsonl' : ', generated in memory'})`,
    scoredTypes: ['PERSON', 'EMAIL', 'PHONE', 'IBAN', 'CREDIT_CARD', 'FR_NIR', 'FR_SIREN', 'FR_SIRET', 'FR_VAT', 'LICENSE_PLATE', 'ADDRESS', 'DATE_OF_BIRTH'],
    cases: docs.map((d) => ({
      id: d.id,
      text: d.text,
      language: 'fr',
      gold: d.spans.map((s) => ({ type: s.type, start: s.start, end: s.end, value: s.value })),
    })),
    notes: [
      'Checksummed identifiers generated with the corpus\'s own checksum code (independent of the shield).',
      'Gold PERSON spans exclude titles; addresses span street line + postcode + city (across a comma or a newline); DATE_OF_BIRTH spans the date only.',
      'Meeting dates, amounts and references are planted unannotated: findings on them are false positives.',
    ],
  };
}
