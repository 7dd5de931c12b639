/**
 * A tiny recognizer set for the shield's own tests, so they do not depend on the real
 * recognizers (written and tuned elsewhere).
 */
import type { DetectedEntity, Recognizer } from '../src/types.ts';
import { patternRecognizer } from '../src/pattern-recognizer.ts';
import { KeywordIndex, isWholeWord } from '../src/keyword-index.ts';

export const FAKE_NAMES = ['Jean Dupont', 'Marie Curie', 'Zoé Lefèvre', 'Ahmed Benali', 'Éloïse Martin'];

export const emailRecognizer = patternRecognizer({
  name: 'fake-email',
  type: 'EMAIL',
  keywords: ['@'],
  patterns: [{ name: 'email', regex: /\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b/gi, score: 0.9 }],
});

export const secretRecognizer = patternRecognizer({
  name: 'fake-aws',
  type: 'SECRET',
  subtype: 'aws-access-key',
  keywords: ['akia'],
  patterns: [{ name: 'aws', regex: /\bAKIA[0-9A-Z]{16}\b/g, score: 0.95 }],
});

export const healthRecognizer = patternRecognizer({
  name: 'fake-health',
  type: 'SPECIAL_CATEGORY',
  subtype: 'health',
  keywords: ['diabète'],
  patterns: [{ name: 'diabete', regex: /diabète/gi, score: 0.7 }],
});

/** Low score on purpose: filtered out by a policy's minScore. */
export const weakPhoneRecognizer = patternRecognizer({
  name: 'fake-phone',
  type: 'PHONE',
  patterns: [{ name: 'fr', regex: /\b0[67](?: \d\d){4}\b/g, score: 0.55 }],
});

/** Dictionary of full names, matched case-insensitively as whole words. */
export function nameRecognizer(names: readonly string[] = FAKE_NAMES): Recognizer {
  const index = new KeywordIndex<string>();
  for (const name of names) index.add(name.toLowerCase(), name);
  index.build();
  return {
    name: 'fake-names',
    entityTypes: ['PERSON'],
    find({ text, lowerText }) {
      const found: DetectedEntity[] = [];
      for (const hit of index.findAll(lowerText)) {
        if (!isWholeWord(lowerText, hit.start, hit.end)) continue;
        found.push({ type: 'PERSON', start: hit.start, end: hit.end, score: 0.85, text: text.slice(hit.start, hit.end), recognizer: 'fake-names' });
      }
      return found;
    },
  };
}

/** Fenced Markdown code blocks. */
export const codeRecognizer = patternRecognizer({
  name: 'fake-code',
  type: 'SOURCE_CODE',
  keywords: ['```'],
  patterns: [{ name: 'fence', regex: /```[^`]*```/g, score: 0.9 }],
});

export function fakeRecognizers(): Recognizer[] {
  return [emailRecognizer, secretRecognizer, healthRecognizer, weakPhoneRecognizer, nameRecognizer(), codeRecognizer];
}
