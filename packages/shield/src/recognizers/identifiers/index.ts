/** Identifier recognizers: banking, cards, French/EU administrative numbers, documents, plates. */
import type { Recognizer } from '../../types.ts';
import { bicRecognizer } from './bic.ts';
import { creditCardRecognizer } from './credit-card.ts';
import { frIdCardRecognizer } from './fr-id-card.ts';
import { frNirRecognizer } from './fr-nir.ts';
import { frSirenRecognizer, frSiretRecognizer } from './fr-siren-siret.ts';
import { frVatRecognizer } from './fr-vat.ts';
import { ibanRecognizer } from './iban.ts';
import { contextualPlateRecognizer, sivPlateRecognizer } from './license-plate.ts';
import { passportRecognizer } from './passport.ts';

export function identifierRecognizers(): Recognizer[] {
  return [
    ibanRecognizer,
    bicRecognizer,
    creditCardRecognizer,
    frNirRecognizer,
    frSiretRecognizer,
    frSirenRecognizer,
    frVatRecognizer,
    frIdCardRecognizer,
    passportRecognizer,
    sivPlateRecognizer,
    contextualPlateRecognizer,
  ];
}
