/**
 * Quick development scorer for the identifier and contact recognizers on Presidio's data
 * (/work/shared/data/presidio, development split):
 *  1. recognizer_cases.json: Presidio's own unit-test tables for IBAN, cards, e-mails, IPs,
 *     phones; a finding counts when its span equals the expected one. Expected spans whose
 *     Presidio score range lies below our 0.5 reporting threshold (the bare "::") count as
 *     "should not be reported". Rows that only state a count are scored on the count.
 *  2. synth_dataset_v2.json: English texts with gold spans; types mapped to ours; a finding
 *     counts when it overlaps a gold span of the same type (one-to-one); exact matches shown too.
 *  3. Warm analyze() time of these recognizers on a dense and a typical 2 KB French prompt.
 * Usage: npx tsx bench/src/eval/presidio-cases-check.ts [--verbose] [--data DIR]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAnalyzer } from '../../../packages/shield/src/analyzer.ts';
import type { DetectedEntity, EntityType } from '../../../packages/shield/src/types.ts';
import { contactRecognizers } from '../../../packages/shield/src/recognizers/contacts/index.ts';
import { identifierRecognizers } from '../../../packages/shield/src/recognizers/identifiers/index.ts';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const dataDir = args.includes('--data') ? args[args.indexOf('--data') + 1]! : '/work/shared/data/presidio';

const analyzer = createAnalyzer({ recognizers: [...identifierRecognizers(), ...contactRecognizers()] });

interface Tally {
  tp: number;
  fp: number;
  fn: number;
  exact: number;
}
const newTally = (): Tally => ({ tp: 0, fp: 0, fn: 0, exact: 0 });

function f1(t: Tally): { p: number; r: number; f: number } {
  const p = t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp);
  const r = t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn);
  return { p, r, f: p + r === 0 ? 0 : (2 * p * r) / (p + r) };
}

function printTable(title: string, tallies: Map<string, Tally>): void {
  console.log(`\n${title}`);
  console.log('type            gold  found    TP   FP   FN  exact  precision  recall     F1');
  for (const [type, t] of [...tallies].sort()) {
    const { p, r, f } = f1(t);
    console.log(
      `${type.padEnd(14)} ${String(t.tp + t.fn).padStart(5)} ${String(t.tp + t.fp).padStart(6)} ${String(t.tp).padStart(5)} ` +
        `${String(t.fp).padStart(4)} ${String(t.fn).padStart(4)} ${String(t.exact).padStart(6)}     ${p.toFixed(3)}   ${r.toFixed(3)}  ${f.toFixed(3)}`,
    );
  }
}

// ---- 1. recognizer unit cases ---------------------------------------------------------------

interface CaseTable {
  test: string;
  argnames: string[];
  rows: Record<string, unknown>[];
}
const CASE_FILES: Record<string, EntityType> = {
  'test_iban_recognizer.py': 'IBAN',
  'test_credit_card_recognizer.py': 'CREDIT_CARD',
  'test_email_recognizer.py': 'EMAIL',
  'test_ip_recognizer.py': 'IP_ADDRESS',
  'test_phone_recognizer.py': 'PHONE',
};
// Presidio's leniency rows repeat the same text with different expectations (a library knob).
const SKIPPED_TESTS = new Set(['test_when_phone_with_leniency_then_succeed']);

const cases = JSON.parse(readFileSync(join(dataDir, 'recognizer_cases.json'), 'utf8')) as {
  files: Record<string, CaseTable[]>;
};
const caseTallies = new Map<string, Tally>();
for (const [file, type] of Object.entries(CASE_FILES)) {
  const tally = newTally();
  caseTallies.set(type, tally);
  for (const table of cases.files[file] ?? []) {
    if (SKIPPED_TESTS.has(table.test)) continue;
    for (const row of table.rows) {
      const text = (row.text ?? row.iban) as string;
      const positions = (row.expected_positions ?? row.expected_res ?? []) as [number, number][];
      const ranges = (row.expected_score_ranges ?? []) as [number, number][];
      let expectedLen = row.expected_len as number;
      // Drop expectations Presidio itself scores below a reporting threshold.
      const expected = positions.filter((_, i) => ranges[i] === undefined || ranges[i]![1] >= 0.5);
      if (positions.length > 0) expectedLen = expected.length;
      const found = analyzer.analyze(text, { entityTypes: [type] });
      if (positions.length === 0 && expectedLen > 0) {
        // Count-only rows.
        const hit = Math.min(found.length, expectedLen);
        tally.tp += hit;
        tally.exact += hit;
        tally.fn += expectedLen - hit;
        tally.fp += found.length - hit;
        if (verbose && (found.length !== expectedLen)) console.log(`[case ${type}] count ${found.length}≠${expectedLen}: ${JSON.stringify(text)}`);
        continue;
      }
      const unmatched = [...found];
      for (const [start, end] of expected) {
        const at = unmatched.findIndex((e) => e.start === start && e.end === end);
        if (at === -1) {
          tally.fn++;
          if (verbose) console.log(`[case ${type}] FN ${JSON.stringify(text.slice(start, end))} in ${JSON.stringify(text)}`);
        } else {
          tally.tp++;
          tally.exact++;
          unmatched.splice(at, 1);
        }
      }
      tally.fp += unmatched.length;
      if (verbose) for (const e of unmatched) console.log(`[case ${type}] FP ${JSON.stringify(e.text)} in ${JSON.stringify(text)}`);
    }
  }
}
printTable('Presidio recognizer cases (exact spans)', caseTallies);

// ---- 2. synthetic texts -------------------------------------------------------------------

const SYNTH_TYPES: Record<string, EntityType> = {
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN_CODE: 'IBAN',
  IP_ADDRESS: 'IP_ADDRESS',
  STREET_ADDRESS: 'ADDRESS',
};
const ours = [...new Set(Object.values(SYNTH_TYPES))];

interface SynthRecord {
  full_text: string;
  spans: { entity_type: string; entity_value: string; start_position: number; end_position: number }[];
}
const synth = JSON.parse(readFileSync(join(dataDir, 'synth_dataset_v2.json'), 'utf8')) as SynthRecord[];
const synthTallies = new Map<string, Tally>(ours.map((t) => [t, newTally()]));
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
const started = performance.now();
let characters = 0;
for (const record of synth) {
  characters += record.full_text.length;
  const found: DetectedEntity[] = analyzer.analyze(record.full_text, { entityTypes: ours });
  for (const type of ours) {
    const tally = synthTallies.get(type)!;
    const gold = record.spans
      .filter((s) => SYNTH_TYPES[s.entity_type] === type)
      .map((s) => ({ start: s.start_position, end: s.end_position }));
    const unmatched = found.filter((e) => e.type === type);
    for (const g of gold) {
      const at = unmatched.findIndex((e) => overlaps(e, g));
      if (at === -1) {
        tally.fn++;
        if (verbose) console.log(`[synth ${type}] FN ${JSON.stringify(record.full_text.slice(g.start, g.end))}`);
        continue;
      }
      tally.tp++;
      if (unmatched[at]!.start === g.start && unmatched[at]!.end === g.end) tally.exact++;
      else if (verbose) console.log(`[synth ${type}] partial ${JSON.stringify(unmatched[at]!.text)} vs ${JSON.stringify(record.full_text.slice(g.start, g.end))}`);
      unmatched.splice(at, 1);
    }
    tally.fp += unmatched.length;
    if (verbose) for (const e of unmatched) console.log(`[synth ${type}] FP ${JSON.stringify(e.text)} in ${JSON.stringify(record.full_text.slice(Math.max(0, e.start - 40), e.end + 20))}`);
  }
}
const elapsed = performance.now() - started;
printTable(`Presidio synth_dataset_v2 (${synth.length} texts, overlap match; "exact" = same span)`, synthTallies);
console.log(`\n${synth.length} texts, ${characters} characters analysed in ${elapsed.toFixed(0)} ms (cold, indicative)`);

// ---- 3. warm cost on 2 KB prompts (these recognizers only; the whole shield is bench/'s job) --

const DENSE = `Bonjour, je suis Marie Dupont, née le 12/03/1985, domiciliée 8 rue du Faubourg Saint-Honoré, 75008 Paris.
Mon IBAN est FR76 3000 6000 0112 3456 7890 189 (BIC BNPAFRPP), ma carte 4111 1111 1111 1111, tél. 06 12 34 56 78.
Écrivez-moi à marie.dupont@example.fr. Le serveur 192.168.1.10 répond, version 1.2.3.4. NIR 1 85 05 78 006 084 91.
La société (SIREN 732 829 320, TVA FR44732829320) a commandé 3 lots le 04/05/2024 pour 12 345,67 €. `;
const TYPICAL = `Bonjour, pouvez-vous m'aider à rédiger une réponse au client ? Il s'agit de la société Durand, dont le contrat
arrive à échéance le 30 juin. Le client souhaite renégocier les tarifs de maintenance et nous a envoyé un courrier. Nous
proposons une remise de 5 % sur trois ans. Contactez Paul au 06 12 34 56 78 ou paul.durand@example.com. `;

function timePrompt(label: string, unit: string): void {
  let prompt = '';
  while (prompt.length < 2048) prompt += unit;
  prompt = prompt.slice(0, 2048);
  for (let i = 0; i < 300; i++) analyzer.analyze(prompt);
  const samples: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    analyzer.analyze(prompt);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const median = samples[1000]!;
  const p99 = samples[1980]!;
  console.log(
    `${label.padEnd(18)} median ${(median * 1000).toFixed(0)} µs, p99 ${(p99 * 1000).toFixed(0)} µs, ` +
      `${(prompt.length / median / 1000).toFixed(1)} MB/s (${analyzer.analyze(prompt).length} findings)`,
  );
}
console.log('\nWarm analyze() with these recognizers only, 2 KB prompts (wall clock, shared machine):');
timePrompt('dense identifiers', DENSE);
timePrompt('typical prompt', TYPICAL);
