/**
 * CUSTOM: the organisation's own dictionaries (client names, project code names, internal
 * terms). Thousands of entries cost one Aho–Corasick pass: case-folded and accent-folded by
 * default (`Arès` finds `ARES` and `Ares`), exact for terms marked `caseSensitive`; always
 * whole words (`Arès` never matches inside `Parèsse`). Subtype = the term's category.
 *
 * Blank terms are ignored. Whitespace inside a term is collapsed to one space, and the text
 * must use single spaces (or no-break spaces) between the words of a multi-word term.
 */
import type { DetectedEntity, Recognizer } from '../../types.ts';
import type { CustomTerm } from '../index.ts';
import { foldedLowerText } from '../../text-views.ts';
import { Lexicon, foldTerm, leftmostLongest } from './lexicon-matching.ts';

export const CUSTOM_TERMS_RECOGNIZER = 'custom-terms';

/** A case-sensitive (exact) match: the organisation wrote it this way on purpose. */
const EXACT_SCORE = 0.95;
/** Case-folded match with the term's own accents. */
const CASE_FOLDED_SCORE = 0.9;
/** Match only once accents are ignored (`Crédit` for `credit`): still the term, a bit less sure. */
const ACCENT_FOLDED_SCORE = 0.85;

interface TermEntry {
  /** The term lower-cased with its accents, to tell accent-exact matches apart. */
  lowerTerm: string;
  category: string | undefined;
}

interface CustomMatch {
  start: number;
  end: number;
  score: number;
  category: string | undefined;
}

export function customTermsRecognizer(terms: readonly CustomTerm[] = []): Recognizer {
  const foldedLexicon = new Lexicon<TermEntry>();
  const exactLexicon = new Lexicon<TermEntry>();
  for (const { term, category, caseSensitive } of terms) {
    const trimmed = term.trim().replace(/\s+/g, ' ');
    if (trimmed.length === 0) continue;
    // `*` is the stem marker of Lexicon keys; a dictionary term means it literally, so a
    // trailing star is dropped rather than turning the term into a prefix.
    const key = trimmed.endsWith('*') ? trimmed.replace(/\*+$/, '') : trimmed;
    const entry: TermEntry = { lowerTerm: key.toLowerCase(), category };
    if (caseSensitive) exactLexicon.add(key, entry);
    else foldedLexicon.add(foldTerm(key), entry);
  }
  const hasFolded = foldedLexicon.size > 0;
  const hasExact = exactLexicon.size > 0;

  return {
    name: CUSTOM_TERMS_RECOGNIZER,
    entityTypes: ['CUSTOM'],
    // No keyword pre-filter: this lexicon's own pass is the filter, and it matches
    // accent-folded text, which the analyzer's pre-filter does not see.
    find(input) {
      if (!hasFolded && !hasExact) return [];
      const matches: CustomMatch[] = [];
      if (hasExact) {
        for (const m of exactLexicon.match(input.text)) {
          matches.push({ start: m.start, end: m.end, score: EXACT_SCORE, category: m.value.category });
        }
      }
      if (hasFolded) {
        const folded = foldedLowerText(input);
        for (const m of foldedLexicon.match(folded)) {
          const accentExact = input.lowerText.slice(m.start, m.end) === m.value.lowerTerm;
          matches.push({
            start: m.start,
            end: m.end,
            score: accentExact ? CASE_FOLDED_SCORE : ACCENT_FOLDED_SCORE,
            category: m.value.category,
          });
        }
      }
      // Exact matches come first so that, on the very same span, the stable sort keeps them.
      const kept = hasFolded && hasExact ? leftmostLongest(matches) : matches;
      return kept.map((m) => {
        const entity: DetectedEntity = {
          type: 'CUSTOM',
          start: m.start,
          end: m.end,
          score: m.score,
          text: input.text.slice(m.start, m.end),
          recognizer: CUSTOM_TERMS_RECOGNIZER,
        };
        if (m.category !== undefined) entity.subtype = m.category;
        return entity;
      });
    },
  };
}
