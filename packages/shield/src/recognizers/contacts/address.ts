/**
 * Postal addresses. French: number (+ bis/ter) + street type + name, optionally followed by a
 * 5-digit postcode and city, across a comma or a newline ("12 bis rue de la Paix\n75002 Paris").
 * English: number + capitalised name + street suffix (+ Apt/Suite, + "City, ST 12345").
 * Continental: "Hauptstraße 12", "Via Roma 131", "ul. Słowicza 10".
 * Street names are particles plus capitalised words (the first word may be lower-case, as in
 * "12 rue de la paix"), so the match stops where the sentence resumes.
 */
import type { DetectedEntity, Recognizer, RecognizerInput } from '../../types.ts';
import { hasNearbyWord } from '../identifiers/context.ts';

/** "rue" → "[Rr][Uu][Ee]": case-insensitive type words while names keep their capital check. */
function anyCase(word: string): string {
  return [...word]
    .map((c) => {
      const lower = c.toLowerCase();
      const upper = c.toUpperCase();
      if (lower === upper) return c === '.' ? '\\.' : c; // '-' is literal outside classes (and \- is invalid with /u)
      return `[${upper}${lower}]`;
    })
    .join('');
}

const FR_STREET_TYPES = [
  'rue', 'avenue', 'av.', 'bd', 'bld', 'boulevard', 'allée', 'allee', 'impasse', 'imp.', 'chemin', 'place', 'pl.', 'quai', 'route',
  'rte', 'cours', 'square', 'chaussée', 'chaussee', 'lieu-dit', 'lieudit', 'passage', 'villa', 'cité', 'cite', 'résidence',
  'residence', 'faubourg', 'fbg', 'rond-point', 'voie', 'sentier', 'hameau', 'parvis', 'esplanade', 'promenade', 'montée',
  'montee', 'traverse', 'ruelle', 'domaine', 'lotissement', 'venelle', 'clos',
];

const EN_STREET_TYPES = [
  'Street', 'St', 'Road', 'Rd', 'Avenue', 'Ave', 'Lane', 'Ln', 'Drive', 'Dr', 'Boulevard', 'Blvd', 'Court', 'Ct', 'Place', 'Pl',
  'Way', 'Terrace', 'Parkway', 'Pkwy', 'Circle', 'Cir', 'Highway', 'Hwy', 'Trail', 'Square', 'Sq', 'Loop', 'Crescent', 'Close',
  'Grove', 'Gardens', 'Row', 'Walk', 'Heights', 'Plaza', 'Green', 'Greens', 'Pike', 'Ridge', 'Path', 'Alley', 'Crossing',
  'Mews', 'Hill', 'View', 'Vista', 'Junction', 'Meadow', 'Meadows', 'Landing', 'Station', 'Valley', 'Village', 'Harbor',
  'Hollow', 'Manor', 'Mill', 'Mills', 'Park', 'Point', 'Port', 'Ramp', 'Ranch', 'Route', 'Shore', 'Shores', 'Spur', 'Summit',
  'Trace', 'Turnpike', 'Underpass', 'Brook', 'Brooks', 'Bypass', 'Canyon', 'Center', 'Common', 'Commons', 'Corner', 'Corners',
  'Cove', 'Creek', 'Crest', 'Expressway', 'Falls', 'Ferry', 'Field', 'Fields', 'Forest', 'Forge', 'Forges', 'Fork', 'Freeway',
  'Gateway', 'Glen', 'Groves', 'Haven', 'Island', 'Knoll', 'Lake', 'Lakes', 'Loaf', 'Motorway', 'Mount', 'Oval', 'Pass',
  'Pines', 'Plains', 'Prairie', 'Rapids', 'Springs', 'Stream', 'Track', 'Tunnel', 'Union', 'Villages', 'Ville', 'Wells',
];

const CONTINENTAL_SUFFIXES = [
  'straße', 'strasse', 'str.', 'weg', 'gasse', 'platz', 'allee', 'damm', 'laan', 'straat', 'gracht', 'plein', 'vej',
  'gade', 'katu', 'tie', 'vägen', 'väg', 'gatan', 'gränd', 'braut', 'vegur', 'utca',
];

/** Street types written as a separate lower-case word after the name: "Trenerys gate 232", "Gyula utca 76". */
const SEPARATE_TYPES = [
  'utca', 'út', 'tér', 'gate', 'gata', 'vei', 'veien', 'vej', 'gade', 'weg', 'laan', 'allee', 'kapu', 'sokak', 'caddesi',
];
const CONTINENTAL_STREET_WORDS = [...new Set([...CONTINENTAL_SUFFIXES, ...SEPARATE_TYPES])];

const CONTINENTAL_PREFIXES = [
  'Via', 'Viale', 'Piazza', 'Corso', 'Calle', 'Avenida', 'Avda.', 'Rua', 'Travessa', 'Praça', 'ul.', 'ulica', 'Paseo',
  'Carrer', 'Plaza', 'Largo', 'Trg', 'Ulitsa',
];

const escape = (s: string) => s.replace(/\./g, '\\.');
const FR_TYPES_PATTERN = FR_STREET_TYPES.map(anyCase).join('|');
// Name words: capitalised, or a number of at most 4 digits ("rue du 8 Mai 1945") that does not
// start the next address ("… et 14 place …"); never a 5-digit postcode, which belongs to the
// postcode/city group.
const NAME_NUMBER = `\\d{1,4}(?!\\d)(?![ \\t]+(?:bis|ter|${FR_TYPES_PATTERN})(?!\\p{L}))`;
const CAP_WORD = `(?:(?:[dlDL]['’])?\\p{Lu}[\\p{L}\\d'’.\\-]*|${NAME_NUMBER})`;
const ANY_WORD = `(?:(?:[dlDL]['’])?\\p{L}[\\p{L}\\d'’.\\-]*|${NAME_NUMBER})`;
const PARTICLE = "(?:de|du|des|la|le|les|l['’]|d['’]|aux|au|en|sur|sous|et|à|saint|sainte|st|ste|the|of)";
const HOUSE_NUMBER = '\\d{1,4}(?:[ ]?(?:bis|ter|quater|[A-Da-d])\\b)?';
const STREET_NAME = `(?:[ \\t]+${PARTICLE}){0,3}[ \\t]+${ANY_WORD}(?:[ \\t]+(?:${PARTICLE}[ \\t]+){0,3}${CAP_WORD}){0,5}`;
const CITY = `\\p{L}[\\p{L}'’\\-]*(?:[ \\t\\-](?![Cc][Ee][Dd][Ee][Xx]\\b)(?:\\p{Lu}[\\p{L}'’\\-]*|sur|sous|en|de|du|la|le|les|lès|lez)){0,4}(?:[ \\t]+[Cc][Ee][Dd][Ee][Xx](?:[ \\t]+\\d{1,2})?)?`;
const POSTCODE_CITY = `(?:[ \\t]*,?[ \\t]*(?:\\r?\\n[ \\t]*)?|[ \\t]+[-–][ \\t]+)\\d{5}[ \\t]+${CITY}`;

// "753 av. J.-C." is a year before Christ, not an avenue.
const FR_ADDRESS = new RegExp(
  `\\b${HOUSE_NUMBER},?[ \\t]+(?:${FR_TYPES_PATTERN})(?![\\p{L}])(?![ \\t]+J\\.[ \\-]?C\\.)${STREET_NAME}(${POSTCODE_CITY})?`,
  'gu',
);

const EN_UNIT = "(?:,?[ \\t]+(?:Apt|Apartment|Suite|Ste|Unit|Flat|#)\\.?[ \\t]*#?[\\p{L}\\d\\-]+)?";
const EN_CITY_STATE = `(,?[ \\t]*(?:\\r?\\n[ \\t]*)?\\p{Lu}[\\p{L}'’\\-]*(?:[ \\t]\\p{Lu}[\\p{L}'’\\-]*){0,3},?[ \\t]+[A-Z]{2}[ \\t]+\\d{5}(?:-\\d{4})?)?`;
const EN_ADDRESS = new RegExp(
  `\\b\\d{1,6}[A-Za-z]?[ \\t]+(?:(?:[NSEW]|North|South|East|West)\\.?[ \\t]+)?(?:\\p{Lu}[\\p{L}'’\\-]*[ \\t]+){1,4}(?:${EN_STREET_TYPES.join('|')})\\b\\.?${EN_UNIT}${EN_CITY_STATE}`,
  'gu',
);

// Continental "Name-suffix 12" is found from each occurrence of a suffix (see
// findSuffixedStreets): a regex over capitalised words would be tried at every position.
const NUMBER_AFTER_STREET = /[ \t]*,?[ \t]+\d{1,4}[a-z]?\b/y;
const LETTER_OR_HYPHEN = /[\p{L}\-]/u;
const UPPER_LETTER = /\p{Lu}/u;
// Capitalised words and the particles of Romance street names ("Via dei Fiorentini").
const CONTINENTAL_NAME_WORD =
  "(?:\\p{Lu}[\\p{L}'’.\\-]*|de|del|dei|della|delle|degli|di|da|do|dos|das|la|las|los|le)(?![\\p{L}])";
// Not preceded by a letter: checked in code (see findPrefixedStreets), since a leading
// lookbehind makes V8 try the whole pattern at every position (~8x slower).
const PREFIXED_STREET = new RegExp(
  `(?:${CONTINENTAL_PREFIXES.map(escape).join('|')})(?:[ \\t]+${CONTINENTAL_NAME_WORD}){1,5}[ \\t]*,?[ \\t]+\\d{1,4}[a-z]?\\b`,
  'gu',
);
const LETTER_AT_END = /\p{L}$/u;

// Post-office boxes and US military addresses (PSC/Unit/CMR … Box …, APO/FPO/DPO AA/AE/AP + ZIP).
const POSTAL_BOX = new RegExp(
  `\\b(?:(?:[Pp]\\.?[ ]?[Oo]\\.?|Post(?:al)?|POST) ?(?:[Bb]ox|BOX)|[Pp]ostbox|[Bb]o[iî]te [Pp]ostale|BP)[ \\t]+\\d{1,6}\\b(?:${POSTCODE_CITY})?` +
    `|\\b(?:PSC|psc|[Uu]nit|UNIT|CMR)[ \\t]+\\d{3,5},?[ \\t]+(?:[Bb]ox|BOX)[ \\t]+\\d{3,5}(?:[ \\t]*\\r?\\n?[ \\t]*(?:[AFD]PO[ \\t]+A[AEP]|[afd]po[ \\t]+a[aep])[ \\t]+\\d{5})?` +
    `|\\b(?:[AFD]PO[ \\t]+A[AEP]|[afd]po[ \\t]+a[aep])[ \\t]+\\d{5}\\b`,
  'gu',
);

const ADDRESS_CONTEXT = [
  'adresse', 'domicile', 'domicilié', 'domiciliée', 'habite', 'demeurant', 'résidant', 'address', 'lives', 'live', 'located',
  'ship', 'deliver', 'livraison', 'siège', 'courrier',
];

const YEAR_LIKE = /^(?:1[5-9]|20)\d\d\b/;
const YEAR_LEAD =
  /\b(?:in|en|since|depuis|from|until|till|vers|around|circa|année|year|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|january|february|march|april|may|june|july|august|september|october|november|december)[ \t]+$/;
const YEAR_LIKE_SCORE = 0.45;

interface AddressPattern {
  regex: RegExp;
  subtype: string;
  /** Score of the street alone; capture group 1 (postcode + city, or city + state + ZIP) raises it. */
  score: number;
  /** Street type and structure recognised (not only a "Name 12" shape). */
  validated: boolean;
  /** The match must not follow a letter (a lookbehind done in code, see PREFIXED_STREET). */
  notAfterLetter?: boolean;
}

/** Start of up to 3 capitalised words ending just before `at` (single spaces), or -1. */
function capitalisedWordsBefore(text: string, at: number): number {
  let start = -1;
  let cursor = at - 1;
  for (let words = 0; words < 3 && cursor > 0 && text[cursor] === ' '; words++) {
    let wordStart = cursor;
    while (wordStart > 0 && LETTER_OR_HYPHEN.test(text[wordStart - 1]!)) wordStart--;
    if (wordStart === cursor || !UPPER_LETTER.test(text[wordStart]!)) break;
    start = wordStart;
    cursor = wordStart - 1;
  }
  return start;
}

/**
 * "Hauptstraße 12", "Kiannonkatu 98" (a capitalised word ending in a suffix) and "Trenerys
 * gate 232" (a lower-case type word after capitalised words), then a number.
 */
/** A space or tab before a digit: where NUMBER_AFTER_STREET may end its blank run. */
const BLANK_BEFORE_DIGIT = /[ \t]\d/g;

/** Street words by their last character (in list order): only those can end where a number follows. */
const STREET_WORDS_BY_LAST_CHAR = new Map<number, { suffix: string; rank: number }[]>();
CONTINENTAL_STREET_WORDS.forEach((suffix, rank) => {
  const last = suffix.charCodeAt(suffix.length - 1);
  const list = STREET_WORDS_BY_LAST_CHAR.get(last) ?? [];
  list.push({ suffix, rank });
  STREET_WORDS_BY_LAST_CHAR.set(last, list);
});

/**
 * Every street word followed by a house number: NUMBER_AFTER_STREET must match right after
 * the word, so the digits are found first (few in prose) and the words ending just before
 * them are checked, instead of searching every street word in the whole text. Ordered by
 * street word (list order), then position, as a search word by word would report them.
 */
function streetWordsBeforeNumbers(text: string, lowerText: string): { suffix: string; at: number; numberEnd: number }[] {
  const occurrences: { suffix: string; rank: number; at: number; numberEnd: number }[] = [];
  BLANK_BEFORE_DIGIT.lastIndex = 0;
  for (let blank = BLANK_BEFORE_DIGIT.exec(text); blank !== null; blank = BLANK_BEFORE_DIGIT.exec(text)) {
    // A street word ends with a letter or '.', so it ends where the run of blanks and comma starts.
    let wordEnd = blank.index;
    while (wordEnd > 0 && (text[wordEnd - 1] === ' ' || text[wordEnd - 1] === '\t' || text[wordEnd - 1] === ',')) wordEnd--;
    const candidates = wordEnd > 0 ? STREET_WORDS_BY_LAST_CHAR.get(lowerText.charCodeAt(wordEnd - 1)) : undefined;
    if (candidates === undefined) continue;
    NUMBER_AFTER_STREET.lastIndex = wordEnd;
    const number = NUMBER_AFTER_STREET.exec(text);
    if (!number) continue;
    for (const { suffix, rank } of candidates) {
      const at = wordEnd - suffix.length;
      if (at >= 0 && lowerText.startsWith(suffix, at)) occurrences.push({ suffix, rank, at, numberEnd: wordEnd + number[0].length });
    }
  }
  occurrences.sort((a, b) => a.rank - b.rank || a.at - b.at);
  return occurrences;
}

function findSuffixedStreets(input: RecognizerInput): DetectedEntity[] {
  const { text, lowerText } = input;
  const found: DetectedEntity[] = [];
  for (const { suffix, at, numberEnd: end } of streetWordsBeforeNumbers(text, lowerText)) {
    // (No letter or hyphen can follow the word: a blank or a comma does.)
    let start = at;
    while (start > 0 && LETTER_OR_HYPHEN.test(text[start - 1]!)) start--;
    if (start === at) {
      // A separate type word must be written in lower case after the name.
      if (!SEPARATE_TYPES.includes(suffix) || text.slice(at, at + suffix.length) !== suffix) continue;
      start = capitalisedWordsBefore(text, at);
      if (start === -1) continue;
    } else if (at - start < 3 || !UPPER_LETTER.test(text[start]!)) {
      // A glued suffix needs a capitalised stem of 3+ letters: "Bahnhofstraße", not "Partie".
      continue;
    }
    const near = hasNearbyWord(lowerText, start, end, ADDRESS_CONTEXT);
    found.push({
      type: 'ADDRESS',
      subtype: 'intl',
      start,
      end,
      score: near ? 0.75 : 0.6,
      text: text.slice(start, end),
      recognizer: 'address-intl',
    });
  }
  return found;
}

function findAddresses(input: RecognizerInput, patterns: readonly AddressPattern[], recognizer: string): DetectedEntity[] {
  const found: DetectedEntity[] = [];
  for (const pattern of patterns) {
    pattern.regex.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = pattern.regex.exec(input.text)) !== null) {
      if (pattern.notAfterLetter && match.index > 0 && LETTER_AT_END.test(input.text.slice(Math.max(0, match.index - 2), match.index))) {
        // What the lookbehind (?<!\p{L}) would have done: try again one position further.
        pattern.regex.lastIndex = match.index + 1;
        continue;
      }
      // Sentence punctuation after the last word is not part of the address.
      const value = match[0].replace(/[\s,.;:'’\-]+$/u, '');
      const start = match.index;
      const end = start + value.length;
      const withPostcode = pattern.validated && match[1] !== undefined;
      const near = hasNearbyWord(input.lowerText, start, end, ADDRESS_CONTEXT);
      // "In 2019 Apple Park…", "novembre 1635 rue du Pont": a year after a preposition or a
      // month is prose, not a house number, so alone it stays under the reporting threshold.
      const yearInProse =
        !withPostcode && YEAR_LIKE.test(value) && YEAR_LEAD.test(input.lowerText.slice(Math.max(0, start - 12), start));
      const base = yearInProse ? YEAR_LIKE_SCORE : pattern.score;
      const score = Math.min(1, base + (withPostcode ? 0.15 : 0) + (near ? 0.15 : 0));
      const entity: DetectedEntity = { type: 'ADDRESS', subtype: pattern.subtype, start, end, score, text: value, recognizer };
      if (pattern.validated) entity.validated = true;
      found.push(entity);
    }
  }
  return found;
}

const STREET_PATTERNS: readonly AddressPattern[] = [
  { regex: FR_ADDRESS, subtype: 'fr', score: 0.7, validated: true },
  { regex: EN_ADDRESS, subtype: 'en', score: 0.7, validated: true },
];
const CONTINENTAL_PATTERNS: readonly AddressPattern[] = [
  { regex: PREFIXED_STREET, subtype: 'intl', score: 0.6, validated: false, notAfterLetter: true },
];
const BOX_PATTERNS: readonly AddressPattern[] = [{ regex: POSTAL_BOX, subtype: 'box', score: 0.6, validated: false }];

/** French and English street addresses; runs only when a street type word occurs. */
export const streetAddressRecognizer: Recognizer = {
  name: 'address',
  entityTypes: ['ADDRESS'],
  keywords: [...FR_STREET_TYPES, ...EN_STREET_TYPES.map((t) => t.toLowerCase())],
  find: (input) => findAddresses(input, STREET_PATTERNS, 'address'),
};

/** "Hauptstraße 12", "Via Roma 131": runs only when a continental street word occurs. */
export const continentalAddressRecognizer: Recognizer = {
  name: 'address-intl',
  entityTypes: ['ADDRESS'],
  keywords: [...CONTINENTAL_STREET_WORDS.map((t) => t.replace(/\.$/, '')), ...CONTINENTAL_PREFIXES.map((t) => t.toLowerCase())],
  find: (input) => [...findSuffixedStreets(input), ...findAddresses(input, CONTINENTAL_PATTERNS, 'address-intl')],
};

/** P.O. boxes, boîtes postales and US military addresses. */
export const postalBoxRecognizer: Recognizer = {
  name: 'address-box',
  entityTypes: ['ADDRESS'],
  // What every match contains, lower-cased: "BP" and "APO"/"FPO"/"DPO" are followed by a
  // space or a tab (so "napoléon" or "bpm" do not wake the recognizer up).
  keywords: ['box', 'bp ', 'bp\t', 'boîte postale', 'boite postale', 'apo ', 'apo\t', 'fpo ', 'fpo\t', 'dpo ', 'dpo\t'],
  find: (input) => findAddresses(input, BOX_PATTERNS, 'address-box'),
};
