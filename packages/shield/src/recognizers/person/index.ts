/** PERSON recognizers (French and English names), registered in `recognizers/index.ts`. */
import type { Recognizer } from '../../types.ts';
import { createPersonRecognizer } from './person.ts';

export { findPersons } from './person.ts';

export function personRecognizers(): Recognizer[] {
  return [createPersonRecognizer()];
}
