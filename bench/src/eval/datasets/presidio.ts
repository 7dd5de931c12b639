/**
 * Presidio data: the synthetic English texts (synth_dataset_v2.json) and the recognizer unit
 * cases (recognizer_cases.json), both mapped to our taxonomy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DontCareSpan, EntityType, GoldSpan, SpanCase, SpanDataset } from '../types.ts';
import { DATA_DIR } from './paths.ts';

/** Presidio label → ours. Labels absent here are out of scope (see README). */
const SYNTH_LABELS: Record<string, EntityType> = {
  PERSON: 'PERSON',
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN_CODE: 'IBAN',
  IP_ADDRESS: 'IP_ADDRESS',
  STREET_ADDRESS: 'ADDRESS',
  ADDRESS: 'ADDRESS',
};

/**
 * A DATE_TIME is a date of birth when birth words occur in the 60 characters before it, even
 * across a sentence end ("What's your date of birth? It's 11/3/1995").
 */
const BIRTH_CONTEXT = /\b(?:birth|born|dob|birthday|birthdate)\b/i;

export function loadPresidioSynth(): SpanDataset {
  const rows = JSON.parse(readFileSync(join(DATA_DIR, 'presidio/synth_dataset_v2.json'), 'utf8')) as {
    full_text: string;
    spans: { entity_type: string; entity_value: string; start_position: number; end_position: number }[];
  }[];
  let birthDates = 0;
  const cases: SpanCase[] = rows.map((row, i) => {
    const gold: GoldSpan[] = [];
    const dontCare: DontCareSpan[] = [];
    for (const s of row.spans) {
      const span = { start: s.start_position, end: s.end_position };
      let type = SYNTH_LABELS[s.entity_type];
      if (s.entity_type === 'DATE_TIME' && BIRTH_CONTEXT.test(row.full_text.slice(Math.max(0, span.start - 60), span.start))) {
        type = 'DATE_OF_BIRTH';
        birthDates++;
      }
      if (type) gold.push({ type, ...span, value: s.entity_value });
      // Parts of an address annotated separately; an ADDRESS finding covering them is fine.
      else if (s.entity_type === 'ZIP_CODE' || s.entity_type === 'GPE') dontCare.push({ ...span, types: ['ADDRESS'], label: s.entity_type });
      // Titles are annotated apart from names ("Mr." + "James Mar"); PERSON matching strips titles anyway.
      else if (s.entity_type === 'TITLE') dontCare.push({ ...span, types: ['PERSON'], label: s.entity_type });
    }
    return { id: `synth-${i}`, text: row.full_text, language: 'en', gold, dontCare };
  });
  return {
    kind: 'spans',
    name: 'presidio-synth',
    description: `Presidio research synth_dataset_v2 (English, ${rows.length} texts)`,
    scoredTypes: ['PERSON', 'EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'IP_ADDRESS', 'ADDRESS', 'DATE_OF_BIRTH'],
    cases,
    notes: [
      'Mapped: PERSON, EMAIL_ADDRESS→EMAIL, PHONE_NUMBER→PHONE, CREDIT_CARD, IBAN_CODE→IBAN, IP_ADDRESS, STREET_ADDRESS/ADDRESS→ADDRESS.',
      `DATE_TIME→DATE_OF_BIRTH only when birth words (birth, born, DOB, birthday) precede it within 60 characters (${birthDates} spans); other DATE_TIME out of scope.`,
      'Out of scope (not ours): ORGANIZATION, GPE, NRP, AGE, TITLE, ZIP_CODE, DOMAIN_NAME, US_SSN, US_DRIVER_LICENSE. ZIP_CODE and GPE are don\'t-care regions for ADDRESS, TITLE for PERSON.',
    ],
  };
}

/** Recognizer test files that test one of our types, and the type. */
const CASE_FILES: Record<string, EntityType> = {
  'test_credit_card_recognizer.py': 'CREDIT_CARD',
  'test_email_recognizer.py': 'EMAIL',
  'test_iban_recognizer.py': 'IBAN',
  'test_ip_recognizer.py': 'IP_ADDRESS',
  'test_phone_recognizer.py': 'PHONE',
};

type CaseRow = Record<string, unknown>;

export function loadPresidioCases(): SpanDataset {
  const data = JSON.parse(readFileSync(join(DATA_DIR, 'presidio/recognizer_cases.json'), 'utf8')) as {
    files: Record<string, { test: string; argnames: string[]; rows: CaseRow[] }[]>;
  };
  const cases: SpanCase[] = [];
  let skipped = 0;
  for (const [file, type] of Object.entries(CASE_FILES)) {
    for (const test of data.files[file] ?? []) {
      test.rows.forEach((row, i) => {
        // Presidio's phone recognizer defaults to leniency 1; rows for other leniencies contradict it.
        if (row.leniency !== undefined && row.leniency !== 1) {
          skipped++;
          return;
        }
        const text = (row.text ?? row.iban) as string | undefined;
        if (typeof text !== 'string') return;
        const expectedLen = row.expected_len as number;
        let positions = (row.expected_positions ?? row.expected_res ?? []) as [number, number][];
        // A few IPv6 rows give a count but no positions; the value is then the whole text.
        if (positions.length === 0 && expectedLen === 1) positions = [[0, text.length]];
        if (positions.length !== expectedLen) {
          skipped++;
          return;
        }
        cases.push({
          id: `${file}:${test.test}:${i}`,
          text,
          language: 'en',
          gold: positions.map(([start, end]) => ({ type, start, end, value: text.slice(start, end) })),
          scoredTypes: [type],
        });
      });
    }
  }
  return {
    kind: 'spans',
    name: 'presidio-cases',
    description: `Presidio recognizer unit cases for our types (${cases.length} rows from ${Object.keys(CASE_FILES).join(', ')})`,
    scoredTypes: [...new Set(Object.values(CASE_FILES))],
    cases,
    notes: [
      'Each row is scored only on the type its test file is about (a phone found in an IBAN test row is ignored).',
      'Rows expecting no finding are kept: they count as false positives when something is found.',
      `Skipped ${skipped} rows (phone leniency ≠ 1, Presidio's default; inconsistent counts). URL, date and country-specific files are out of scope.`,
    ],
  };
}
