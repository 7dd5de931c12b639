/** Contact recognizers: e-mail, phone, postal address, date of birth, IP address. */
import type { Recognizer } from '../../types.ts';
import { continentalAddressRecognizer, postalBoxRecognizer, streetAddressRecognizer } from './address.ts';
import { dateOfBirthRecognizer } from './date-of-birth.ts';
import { emailRecognizer } from './email.ts';
import { ipAddressRecognizer } from './ip-address.ts';
import { phoneRecognizer } from './phone.ts';

export function contactRecognizers(): Recognizer[] {
  return [
    emailRecognizer,
    phoneRecognizer,
    streetAddressRecognizer,
    continentalAddressRecognizer,
    postalBoxRecognizer,
    dateOfBirthRecognizer,
    ipAddressRecognizer,
  ];
}
