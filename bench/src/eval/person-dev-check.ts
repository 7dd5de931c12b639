/**
 * Quick PERSON scorer for the person recognizer's development (the team's main harness is
 * run-eval.ts). Run from the repository root:
 *
 *   npx tsx bench/src/eval/person-dev-check.ts            # dev splits + Presidio synthetic
 *   npx tsx bench/src/eval/person-dev-check.ts --train    # also the ECHR train splits
 *   npx tsx bench/src/eval/person-dev-check.ts --errors   # print false positives / negatives
 *
 * Data: /work/shared/data (or $REMPART_DATA): ECHR French judgments (`echr-fr/*.spans.jsonl`,
 * gold label PER; in the "manual" split also LEGAL_PROFESSIONAL, which are persons too) and
 * Presidio's English synthetic set (`presidio/synth_dataset_v2.json`, gold PERSON).
 *
 * How titles are scored (documented choice): ECHR gold spans include courtesy titles
 * ("M. John Hirst", "M. et Mme Robins", "juge Clarke"); Presidio's exclude them ("Dr. Kyle
 * Kuefer" → "Kyle Kuefer"). The recognizer reports the title-included span, like the ECHR
 * gold. Two scores are printed:
 * - exact: prediction offsets equal the gold offsets;
 * - title-lenient (the headline figure): both spans are compared after removing leading
 *   titles ("M.", "Mme", "MM.", "Sir", "le juge", "M. et Mme"…) and one trailing period
 *   (the ECHR data is inconsistent about the period of a final initial: "C. Ç" / "C. Ç.").
 * Matching is one-to-one; a prediction matching no gold span is a false positive.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAnalyzer } from '../../../packages/shield/src/analyzer.ts';
import { personRecognizers } from '../../../packages/shield/src/recognizers/person/index.ts';
import type { LanguageOption } from '../../../packages/shield/src/types.ts';

interface GoldSpan {
  start: number;
  end: number;
}
interface Example {
  text: string;
  gold: GoldSpan[];
}

const DATA_DIR = process.env.REMPART_DATA ?? '/work/shared/data';
const args = new Set(process.argv.slice(2));

function loadEchr(file: string): Example[] {
  const lines = readFileSync(join(DATA_DIR, 'echr-fr', file), 'utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.map((line) => {
    const record = JSON.parse(line) as { text: string; spans: { label: string; start: number; end: number }[] };
    return {
      text: record.text,
      gold: record.spans.filter((s) => s.label === 'PER' || s.label === 'LEGAL_PROFESSIONAL').map((s) => ({ start: s.start, end: s.end })),
    };
  });
}

function loadPresidio(): Example[] {
  const records = JSON.parse(readFileSync(join(DATA_DIR, 'presidio', 'synth_dataset_v2.json'), 'utf8')) as {
    full_text: string;
    spans: { entity_type: string; start_position: number; end_position: number }[];
  }[];
  return records.map((r) => ({
    text: r.full_text,
    gold: r.spans.filter((s) => s.entity_type === 'PERSON').map((s) => ({ start: s.start_position, end: s.end_position })),
  }));
}

const TITLE_WORDS = new Set(
  (
    'm mm mme mmes mlle mlles me mes dr drs pr prof mr mrs ms mx messrs monsieur madame mademoiselle messieurs ' +
    'mesdames maître maitre docteur professeur sir lord lady dame miss mister madam doctor professor juge judge ' +
    'le la capitaine caporal sergent lieutenant colonel commandant commissaire inspecteur et and'
  ).split(' '),
);
const GLUED_TITLE = /^(?:Mmes|Mme|MM|Mlle|M)(?=\p{Lu}\.)/u;

/** Offsets of the span without its leading titles and one trailing period. */
function withoutTitle(text: string, span: GoldSpan): GoldSpan {
  let { start, end } = span;
  for (;;) {
    const rest = text.slice(start, end);
    const glued = GLUED_TITLE.exec(rest);
    if (glued) {
      start += glued[0].length;
      continue;
    }
    const word = /^(\S+?)\.?\s+/u.exec(rest);
    if (!word || !TITLE_WORDS.has(word[1]!.toLowerCase())) break;
    start += word[0].length;
  }
  if (end - start > 1 && text[end - 1] === '.') end--;
  return { start, end };
}

interface Counts {
  truePositives: number;
  predicted: number;
  gold: number;
}

function score(examples: Example[], language: LanguageOption, name: string): void {
  const analyzer = createAnalyzer({ recognizers: personRecognizers() });
  const exact: Counts = { truePositives: 0, predicted: 0, gold: 0 };
  const lenient: Counts = { truePositives: 0, predicted: 0, gold: 0 };
  const errors: string[] = [];
  const predictions = examples.map((e) => analyzer.analyze(e.text, { language }).filter((p) => p.type === 'PERSON'));
  // Steady-state speed: texts concatenated into ~2 KB chunks, analysed after a warm-up pass.
  const chunks: string[] = [];
  let chunk = '';
  for (const e of examples) {
    chunk += `${e.text}\n`;
    if (chunk.length >= 2048) {
      chunks.push(chunk);
      chunk = '';
    }
  }
  if (chunk) chunks.push(chunk);
  const characters = chunks.reduce((sum, c) => sum + c.length, 0);
  for (const c of chunks) analyzer.analyze(c, { language });
  const rounds = 5;
  const began = process.hrtime.bigint();
  for (let round = 0; round < rounds; round++) for (const c of chunks) analyzer.analyze(c, { language });
  const elapsedMs = Number(process.hrtime.bigint() - began) / 1e6 / rounds;

  examples.forEach((example, n) => {
    const predicted = predictions[n]!;
    for (const [counts, normalise] of [
      [exact, (s: GoldSpan) => s],
      [lenient, (s: GoldSpan) => withoutTitle(example.text, s)],
    ] as const) {
      const goldKeys = new Map<string, number>();
      for (const g of example.gold) {
        const key = `${normalise(g).start}:${normalise(g).end}`;
        goldKeys.set(key, (goldKeys.get(key) ?? 0) + 1);
      }
      counts.gold += example.gold.length;
      counts.predicted += predicted.length;
      for (const p of predicted) {
        const key = `${normalise(p).start}:${normalise(p).end}`;
        const left = goldKeys.get(key) ?? 0;
        if (left > 0) {
          counts.truePositives++;
          goldKeys.set(key, left - 1);
        } else if (counts === lenient) errors.push(`FP ${JSON.stringify(p.text)} ${p.score} | ${context(example.text, p)}`);
      }
      if (counts === lenient) {
        for (const g of example.gold) {
          const key = `${normalise(g).start}:${normalise(g).end}`;
          if ((goldKeys.get(key) ?? 0) > 0) {
            errors.push(`FN ${JSON.stringify(example.text.slice(g.start, g.end))} | ${context(example.text, g)}`);
            goldKeys.set(key, goldKeys.get(key)! - 1);
          }
        }
      }
    }
  });
  const line = (label: string, c: Counts) => {
    const precision = c.predicted ? c.truePositives / c.predicted : 0;
    const recall = c.gold ? c.truePositives / c.gold : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return `${label} P ${precision.toFixed(3)} R ${recall.toFixed(3)} F1 ${f1.toFixed(3)}`;
  };
  console.log(
    `${name.padEnd(22)} gold ${String(exact.gold).padStart(4)} pred ${String(exact.predicted).padStart(4)} | ${line('title-lenient', lenient)} | ${line('exact', exact)} | ${((elapsedMs * 1000 * 2048) / characters).toFixed(1)} µs per 2 KB`,
  );
  if (args.has('--errors')) for (const e of errors) console.log('   ', e);
}

function context(text: string, span: GoldSpan): string {
  return `${text.slice(Math.max(0, span.start - 40), span.start)}[${text.slice(span.start, span.end)}]${text.slice(span.end, span.end + 30)}`.replace(/\s+/g, ' ');
}

// Warm-up: decode the name dictionary once so the timing below is the steady state.
createAnalyzer({ recognizers: personRecognizers() }).analyze('M. Jean Dupont', { language: 'fr' });

const splits = ['FR-all-dev', 'FR-rev-dev', 'FR-manual-dev'];
if (args.has('--train')) splits.push('FR-all-train', 'FR-rev-train', 'FR-manual-train');
for (const split of splits) score(loadEchr(`${split}.spans.jsonl`), 'fr', `echr ${split}`);
score(loadPresidio(), 'en', 'presidio synth (en)');
