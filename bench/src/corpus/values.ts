/**
 * Generators for the values planted in the French corpus. Every identifier carries a valid
 * checksum computed by ./checksums.ts, and comes in the writings people actually use
 * (spaced, dotted, compact…), so the corpus measures format coverage, not one canonical form.
 */
import type { Faker } from '@faker-js/faker';
import { frVatKey, ibanCheckDigits, isLuhnValid, luhnCheckDigit, nirKey, ribKey } from './checksums.ts';

export class ValueFactory {
  constructor(private readonly f: Faker) {}

  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(this.f.number.int({ min: 0, max: 9 }));
    return out;
  }

  pick<T>(items: readonly T[]): T {
    return this.f.helpers.arrayElement(items);
  }

  chance(probability: number): boolean {
    return this.f.number.float({ min: 0, max: 1 }) < probability;
  }

  // ---- people -------------------------------------------------------------------------

  person(): { first: string; last: string; sex: 'M' | 'F' } {
    const sex = this.chance(0.5) ? 'M' : 'F';
    return {
      first: this.f.person.firstName(sex === 'M' ? 'male' : 'female'),
      last: this.f.person.lastName(),
      sex,
    };
  }

  /** "M." / "Mme" matching the person's sex. */
  title(sex: 'M' | 'F'): string {
    return sex === 'M' ? this.pick(['M.', 'Monsieur']) : this.pick(['Mme', 'Madame']);
  }

  email(first: string, last: string): string {
    const slug = (s: string) =>
      s
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z]+/g, '');
    const domain = this.pick([
      'gmail.com',
      'orange.fr',
      'free.fr',
      'laposte.net',
      'outlook.fr',
      this.f.internet.domainName(),
      this.f.internet.domainName(),
    ]);
    const local = this.pick([
      `${slug(first)}.${slug(last)}`,
      `${slug(first)[0]}${slug(last)}`,
      `${slug(first)}-${slug(last)}${this.f.number.int({ min: 1, max: 99 })}`,
      `${slug(last)}.${slug(first)}`,
    ]);
    return `${local}@${domain}`;
  }

  // ---- phones -------------------------------------------------------------------------

  /** A French number in one of the common writings. */
  phone(): string {
    const prefix = this.pick(['6', '7', '1', '2', '3', '4', '5', '9']);
    const rest = this.digits(8);
    const pairs = [rest.slice(0, 2), rest.slice(2, 4), rest.slice(4, 6), rest.slice(6, 8)];
    const national = `0${prefix}`;
    switch (this.f.number.int({ min: 0, max: 8 })) {
      case 0:
        return `${national} ${pairs.join(' ')}`;
      case 1:
        return `${national}.${pairs.join('.')}`;
      case 2:
        return `${national}${rest}`;
      case 3:
        return `${national}-${pairs.join('-')}`;
      case 4:
        return `+33 ${prefix} ${pairs.join(' ')}`;
      case 5:
        return `+33 (0)${prefix} ${pairs.join(' ')}`;
      case 6:
        return `0033 ${prefix} ${pairs.join(' ')}`;
      case 7:
        return `+33${prefix}${rest}`;
      default:
        return `+33 ${prefix}.${pairs.join('.')}`;
    }
  }

  // ---- French identifiers -------------------------------------------------------------

  /** NIR, sometimes born in Corsica (2A/2B) or overseas (97x), spaced or compact. */
  nir(sex: 'M' | 'F'): string {
    const year = this.digits(2);
    const month = String(this.f.number.int({ min: 1, max: 12 })).padStart(2, '0');
    let place: string;
    const roll = this.f.number.float({ min: 0, max: 1 });
    if (roll < 0.2) place = this.pick(['2A', '2B']) + this.digits(3);
    else if (roll < 0.3) place = '97' + this.pick(['1', '2', '3', '4']) + this.digits(2);
    else {
      let dept = this.f.number.int({ min: 1, max: 95 });
      if (dept === 20) dept = 21; // 20 no longer exists (split into 2A/2B)
      place = String(dept).padStart(2, '0') + this.digits(3);
    }
    const body = `${sex === 'M' ? '1' : '2'}${year}${month}${place}${this.digits(3)}`;
    const key = nirKey(body);
    if (this.chance(0.6)) {
      // Official grouping: 1 85 05 78 006 084 36
      return `${body[0]} ${body.slice(1, 3)} ${body.slice(3, 5)} ${body.slice(5, 7)} ${body.slice(7, 10)} ${body.slice(10, 13)} ${key}`;
    }
    return body + key;
  }

  sirenDigits(): string {
    const head = String(this.f.number.int({ min: 1, max: 9 })) + this.digits(7);
    return head + String(luhnCheckDigit(head));
  }

  formatSiren(siren: string): string {
    return this.chance(0.5) ? `${siren.slice(0, 3)} ${siren.slice(3, 6)} ${siren.slice(6)}` : siren;
  }

  siretDigits(siren: string): string {
    // SIRET = SIREN (9) + NIC (5); the NIC's last digit makes all 14 digits Luhn-valid.
    const nicHead = this.digits(4);
    return siren + nicHead + String(luhnCheckDigit(siren + nicHead));
  }

  formatSiret(siret: string): string {
    return this.chance(0.5)
      ? `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`
      : siret;
  }

  frVat(siren: string): string {
    const key = frVatKey(siren);
    return this.pick([`FR${key}${siren}`, `FR ${key} ${siren}`, `FR${key} ${siren.slice(0, 3)} ${siren.slice(3, 6)} ${siren.slice(6)}`]);
  }

  // ---- banking ------------------------------------------------------------------------

  /** IBAN of a country (France most often), spaced by 4 or compact. */
  iban(country?: string): string {
    const c = country ?? (this.chance(0.6) ? 'FR' : this.pick(['DE', 'ES', 'IT', 'BE', 'NL', 'GB', 'CH', 'LU', 'PT']));
    const upper = (n: number) => this.f.string.alpha({ length: n, casing: 'upper' });
    const alnum = (n: number) => this.f.string.alphanumeric({ length: n, casing: 'upper' });
    let bban: string;
    switch (c) {
      case 'FR': {
        const bank = this.digits(5);
        const branch = this.digits(5);
        const account = this.chance(0.8) ? this.digits(11) : this.digits(5) + upper(1) + this.digits(5);
        bban = bank + branch + account + ribKey(bank, branch, account);
        break;
      }
      case 'DE':
        bban = this.digits(18);
        break;
      case 'ES':
        bban = this.digits(20);
        break;
      case 'IT':
        bban = upper(1) + this.digits(10) + alnum(12);
        break;
      case 'BE': {
        const first10 = this.digits(10);
        const check = Number(BigInt(first10) % 97n) || 97;
        bban = first10 + String(check).padStart(2, '0');
        break;
      }
      case 'NL':
        bban = upper(4) + this.digits(10);
        break;
      case 'GB':
        bban = upper(4) + this.digits(14);
        break;
      case 'CH':
        bban = this.digits(5) + alnum(12);
        break;
      case 'LU':
        bban = this.digits(3) + alnum(13);
        break;
      case 'PT':
        bban = this.digits(21);
        break;
      default:
        throw new Error(`no BBAN format for ${c}`);
    }
    const compact = c + ibanCheckDigits(c, bban) + bban;
    return this.chance(0.65) ? compact.replace(/(.{4})(?=.)/g, '$1 ') : compact;
  }

  /** Payment card (Visa, Mastercard, Amex), Luhn-valid, in a usual grouping. */
  card(): string {
    const brand = this.pick(['visa', 'visa', 'mastercard', 'mastercard2', 'amex']);
    let head: string;
    let length = 16;
    if (brand === 'visa') head = '4' + this.digits(5);
    else if (brand === 'mastercard') head = String(this.f.number.int({ min: 51, max: 55 })) + this.digits(4);
    else if (brand === 'mastercard2') head = String(this.f.number.int({ min: 2221, max: 2720 })) + this.digits(2);
    else {
      head = this.pick(['34', '37']) + this.digits(4);
      length = 15;
    }
    const body = head + this.digits(length - head.length - 1);
    const number = body + String(luhnCheckDigit(body));
    if (!isLuhnValid(number)) throw new Error('card generator produced an invalid number');
    const style = this.f.number.int({ min: 0, max: 2 });
    if (style === 0) return number;
    const sep = style === 1 ? ' ' : '-';
    if (length === 15) return [number.slice(0, 4), number.slice(4, 10), number.slice(10)].join(sep);
    return number.replace(/(.{4})(?=.)/g, `$1${sep}`);
  }

  // ---- places, vehicles, dates -------------------------------------------------------

  postcode(): string {
    let dept = this.f.number.int({ min: 1, max: 95 });
    if (dept === 20) dept = 13;
    return String(dept).padStart(2, '0') + this.digits(3);
  }

  /** "12 bis rue des Lilas, 75011 Paris" (or with a newline before the postcode in letter headers). */
  address(multiline = false): string {
    const number = String(this.f.number.int({ min: 1, max: 180 })) + (this.chance(0.1) ? this.pick([' bis', ' ter', 'bis']) : '');
    let street = this.f.location.street();
    if (this.chance(0.5)) street = street[0]!.toLowerCase() + street.slice(1);
    const cityLine = `${this.postcode()} ${this.f.location.city()}`;
    return multiline ? `${number} ${street}\n${cityLine}` : `${number} ${street}, ${cityLine}`;
  }

  /** SIV plate: letters exclude I, O, U; SS is not allowed, WW only as a temporary prefix (avoided). */
  plate(): string {
    const letters = 'ABCDEFGHJKLMNPQRSTVWXYZ';
    const pair = (): string => {
      for (;;) {
        const p = this.pick(letters.split('')) + this.pick(letters.split(''));
        if (p !== 'SS' && p !== 'WW') return p;
      }
    };
    const num = String(this.f.number.int({ min: 1, max: 999 })).padStart(3, '0');
    return this.chance(0.8) ? `${pair()}-${num}-${pair()}` : `${pair()} ${num} ${pair()}`;
  }

  /** A birth date in a French writing; the returned text is exactly what is planted. */
  birthDate(): string {
    const d = this.f.date.birthdate({ min: 18, max: 75, mode: 'age', refDate: new Date('2025-06-01T00:00:00Z') });
    const day = d.getUTCDate();
    const month = d.getUTCMonth() + 1;
    const year = d.getUTCFullYear();
    const months = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
    const dd = String(day).padStart(2, '0');
    const mm = String(month).padStart(2, '0');
    switch (this.f.number.int({ min: 0, max: 3 })) {
      case 0:
        return `${dd}/${mm}/${year}`;
      case 1:
        return `${day === 1 ? '1er' : day} ${months[month - 1]} ${year}`;
      case 2:
        return `${dd}.${mm}.${year}`;
      default:
        return `${dd}-${mm}-${year}`;
    }
  }

  /** A non-birth date (meetings, deadlines): the corpus's negatives for DATE_OF_BIRTH. */
  eventDate(): string {
    const day = this.f.number.int({ min: 1, max: 28 });
    const month = this.f.number.int({ min: 1, max: 12 });
    return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${this.pick(['2024', '2025', '2026'])}`;
  }

  amount(): string {
    const euros = this.f.number.int({ min: 100, max: 250000 });
    return `${euros.toLocaleString('fr-FR').replace(/\u202f/g, ' ')},${this.digits(2)} €`;
  }

  /** Business reference that is no personal data: letters + digits, never a checksummed identifier. */
  reference(prefix: string): string {
    return `${prefix}-${this.pick(['2024', '2025'])}-${this.digits(5)}`;
  }
}
