/**
 * The default recognizer set. Each family lives in its own file and exports its recognizers;
 * adding a family means adding its file and one line here.
 */
import type { Recognizer } from '../types.ts';
import { contactRecognizers } from './contacts/index.ts';
import { identifierRecognizers } from './identifiers/index.ts';
import { personRecognizers } from './person/index.ts';
import { secretRecognizers } from './secrets/index.ts';
import { confidentialMarkerRecognizer } from './confidential-marker/index.ts';
import { customTermsRecognizer } from './custom-terms/index.ts';
import { sourceCodeRecognizer } from './source-code/index.ts';
import { specialCategoryRecognizer } from './special-category/index.ts';

export interface RecognizerSetOptions {
  /** Organisation dictionaries (client names, project code names…), see custom-terms/index.ts. */
  customTerms?: readonly CustomTerm[];
  /** The organisation's own classification labels ("C3 – Sensible"), reported as CONFIDENTIAL_MARKER/custom. */
  confidentialLabels?: readonly string[];
}

export interface CustomTerm {
  term: string;
  /** Reported as the entity's subtype (e.g. `client`, `project`). */
  category?: string;
  /** Default false: matched case-insensitively (case-folded). */
  caseSensitive?: boolean;
}

export function defaultRecognizers(options: RecognizerSetOptions = {}): Recognizer[] {
  return [
    ...identifierRecognizers(),
    ...contactRecognizers(),
    ...secretRecognizers(),
    ...personRecognizers(),
    confidentialMarkerRecognizer({ extraLabels: options.confidentialLabels }),
    customTermsRecognizer(options.customTerms),
    sourceCodeRecognizer(),
    specialCategoryRecognizer(),
  ];
}
