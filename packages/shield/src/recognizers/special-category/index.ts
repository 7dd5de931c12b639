/**
 * SPECIAL_CATEGORY: GDPR Art. 9 data (health, religion, political opinion, union
 * membership, sexual orientation, ethnic origin, biometrics, genetics) and Art. 10 criminal
 * records, French and English, in one Aho–Corasick pass over accent-folded text. The span
 * is the sensitive term; subtype = the category.
 *
 * A word alone is not personal data ("the cancer research budget"), a word about someone
 * is ("M. Dupont est atteint d'un cancer"). Scores (see `personal-context.ts`):
 * - 0.90 possessive/verb right before the term and a person in the sentence;
 * - 0.80 possessive/verb right before the term ("son diabète", "délégué CGT");
 * - 0.60 a person close by (pronoun, title, role noun), no policy/research words, and the
 *   term has no common innocent meaning (`TRIGGER_ONLY_TERMS`);
 * - 0.40 the term alone, or a person but also policy/research words (below the default 0.5);
 * - 0.25 the term with policy/research words only.
 */
import type { DetectedEntity, Recognizer } from '../../types.ts';
import { foldedLowerText } from '../../text-views.ts';
import { Lexicon, foldTerm, prefilterKeywords } from '../custom-terms/lexicon-matching.ts';
import { SPECIAL_CATEGORIES, SPECIAL_CATEGORY_LEXICON, TRIGGER_ONLY_TERMS, type SpecialCategory } from './lexicon.ts';
import { personalContext } from './personal-context.ts';

export { SPECIAL_CATEGORIES, type SpecialCategory } from './lexicon.ts';

export const SPECIAL_CATEGORY_RECOGNIZER = 'special-category';

const SCORE_TIGHT_WITH_PERSON = 0.9;
const SCORE_TIGHT = 0.8;
const SCORE_PERSON_NEARBY = 0.6;
const SCORE_ALONE = 0.4;
const SCORE_IMPERSONAL = 0.25;

interface TermInfo {
  category: SpecialCategory;
  /** An attribute of a person ("enceinte"): a copula before it makes it personal. */
  describesPerson: boolean;
  /** The original spelling of an acronym, which must appear in capitals. */
  acronym?: string;
  /** Innocent meanings are common: only a possessive/verb before it makes it personal. */
  triggerOnly: boolean;
}

function buildLexicon(): { lexicon: Lexicon<TermInfo>; terms: string[] } {
  const lexicon = new Lexicon<TermInfo>();
  const terms: string[] = [];
  const triggerOnly = new Set(TRIGGER_ONLY_TERMS.map(foldTerm));
  for (const category of SPECIAL_CATEGORIES) {
    const { conditions, attributes, acronyms } = SPECIAL_CATEGORY_LEXICON[category];
    const add = (term: string, describesPerson: boolean, acronym?: string) => {
      const key = foldTerm(term);
      const info: TermInfo = { category, describesPerson, triggerOnly: triggerOnly.has(key) };
      if (acronym !== undefined) info.acronym = acronym;
      lexicon.add(key, info);
    };
    for (const term of conditions) add(term, false);
    for (const term of attributes) add(term, true);
    for (const acronym of acronyms) add(acronym, false, acronym);
    terms.push(...conditions, ...attributes, ...acronyms);
  }
  return { lexicon, terms };
}

const { lexicon: LEXICON, terms: ALL_TERMS } = buildLexicon();
const KEYWORDS = prefilterKeywords(ALL_TERMS);

export function specialCategoryRecognizer(): Recognizer {
  return {
    name: SPECIAL_CATEGORY_RECOGNIZER,
    entityTypes: ['SPECIAL_CATEGORY'],
    keywords: KEYWORDS,
    find(input) {
      const folded = foldedLowerText(input);
      const found: DetectedEntity[] = [];
      for (const match of LEXICON.match(folded)) {
        const info = match.value;
        if (info.acronym !== undefined && input.text.slice(match.start, match.end) !== info.acronym) continue;
        const context = personalContext(folded, match.start, match.end, info.describesPerson);
        let score: number;
        if (context.tight) score = context.person ? SCORE_TIGHT_WITH_PERSON : SCORE_TIGHT;
        else if (context.person && !context.impersonal && !info.triggerOnly) score = SCORE_PERSON_NEARBY;
        else if (context.impersonal && !context.person) score = SCORE_IMPERSONAL;
        else score = SCORE_ALONE;
        found.push({
          type: 'SPECIAL_CATEGORY',
          subtype: info.category,
          start: match.start,
          end: match.end,
          score,
          text: input.text.slice(match.start, match.end),
          recognizer: SPECIAL_CATEGORY_RECOGNIZER,
        });
      }
      return found;
    },
  };
}
