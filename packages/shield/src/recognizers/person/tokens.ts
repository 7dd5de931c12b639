/**
 * Word-level tokens for the PERSON scan: one pass over cached character classes, each
 * token classified by its capitalisation so the scanner only compares small ints and
 * looks words up in Sets.
 */
import type { WordFacts } from './word-facts.ts';

export const enum Shape {
  /** "Dupont", "Anne-Marie", "O'Brien", "İnan": upper-case first letter, some lower-case after. */
  Capitalized = 1,
  /** "DUPONT", "QC": every letter upper-case, two letters or more. */
  AllCaps = 2,
  /** "dupont", "de", "d'": starts lower-case. */
  Lower = 3,
  /** One upper-case letter: "J" in "J. Smith". */
  Letter = 4,
  /** Digits. */
  Number = 5,
  /** Any other single character: punctuation, symbols. */
  Symbol = 6,
}

/**
 * One token. Its strings are read lazily: the scan looks at most words' shape only (a
 * lower-case word next to other lower-case words is never looked up), so slicing and
 * lower-casing every word up front was most of the tokenizer's cost.
 */
export class Token {
  private cachedText: string | undefined;
  private cachedLower: string | undefined;
  /** Set by `factsOf` (word-facts.ts) on first use. */
  facts: WordFacts | undefined = undefined;

  constructor(
    private readonly source: string,
    readonly start: number,
    /** Exclusive. */
    readonly end: number,
    readonly shape: Shape,
    /** True when a line break separates this token from the previous one. */
    readonly afterLineBreak: boolean,
    /** True when nothing (not even a space) separates it from the previous token. */
    readonly glued: boolean,
    /** No upper-case letter: the lower-cased text is the text. */
    private readonly lowerCaseOnly: boolean,
    text?: string,
  ) {
    this.cachedText = text;
  }

  get text(): string {
    return (this.cachedText ??= this.source.slice(this.start, this.end));
  }

  /** Lower-cased text, for dictionary look-ups. */
  get lower(): string {
    if (this.lowerCaseOnly) return this.text;
    return (this.cachedLower ??= this.text.toLowerCase());
  }

  /** `lower.charCodeAt(0)`, without slicing the text when it has no capital letter. */
  get lowerFirstCode(): number {
    return this.lowerCaseOnly ? this.source.charCodeAt(this.start) : this.lower.charCodeAt(0);
  }

  /** `text === char` for a one-character string, without slicing a word's text. */
  is(char: string): boolean {
    return this.end - this.start === 1 && this.source.charCodeAt(this.start) === char.charCodeAt(0);
  }
}

// Character classes, cached per UTF-16 code unit. Plain numbers rather than an enum: the
// scanner is the hottest loop of the shield and some transpilers turn enums into objects.
const UNKNOWN = 0;
const UPPER = 1;
const LOWER = 2;
/** Letters without case (CJK, Arabic…) and combining marks: part of a word. */
const OTHER_LETTER = 3;
const DIGIT = 4;
const SPACE = 5;
const LINE_BREAK = 6;
const OTHER = 7;

const charClasses = new Uint8Array(65536);
const UNCASED_LETTER = /[\p{L}\p{M}]/u;
const UNICODE_DIGIT = /\p{N}/u;
const UNICODE_SPACE = /\s/u;

/** The cached class of a code unit: one typed-array read (small enough for V8 to inline). */
function classify(code: number): number {
  const known = charClasses[code]!;
  return known !== UNKNOWN ? known : computeClass(code);
}

function computeClass(code: number): number {
  let computed: number;
  if (code >= 65 && code <= 90) computed = UPPER;
  else if (code >= 97 && code <= 122) computed = LOWER;
  else if (code >= 48 && code <= 57) computed = DIGIT;
  else if (code === 10 || code === 13 || code === 0x2028 || code === 0x2029) computed = LINE_BREAK;
  else if (code >= 0xd800 && code <= 0xdfff) computed = OTHER; // astral: never part of a name here
  else {
    const char = String.fromCharCode(code);
    const upper = char.toUpperCase();
    if (char.toLowerCase() !== upper) computed = char === upper ? UPPER : LOWER;
    else if (UNCASED_LETTER.test(char)) computed = OTHER_LETTER;
    else if (UNICODE_DIGIT.test(char)) computed = DIGIT;
    else if (UNICODE_SPACE.test(char)) computed = SPACE;
    else computed = OTHER;
  }
  charClasses[code] = computed;
  return computed;
}

const isLetterClass = (c: number) => c === UPPER || c === LOWER || c === OTHER_LETTER;
/** Joiners allowed inside a word when letters follow: ' ’ - ‑ */
const isInnerJoiner = (code: number) => code === 39 || code === 0x2019 || code === 45 || code === 0x2011;
const isApostrophe = (code: number) => code === 39 || code === 0x2019;
/** French elided articles and conjunctions split off a capitalised word: "d'Anita" → "d'" + "Anita". */
const ELISIONS: ReadonlySet<string> = new Set(["d'", 'd’', "l'", 'l’', "n'", 'n’', "j'", 'j’', "s'", 's’', "m'", 'm’', "t'", 't’', "c'", 'c’', "qu'", 'qu’', "jusqu'", 'jusqu’', "lorsqu'", 'lorsqu’', "puisqu'", 'puisqu’']);

/**
 * Words (letters and combining marks, with inner hyphens and apostrophes), numbers, or one
 * other non-space character. A hand-written scanner over cached character classes: the
 * regex equivalent with Unicode properties was several times slower.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const length = text.length;
  let previousEnd = -1;
  let lineBreakSeen = false;
  let i = 0;
  while (i < length) {
    const cls = classify(text.charCodeAt(i));
    if (cls === SPACE || cls === LINE_BREAK) {
      if (cls === LINE_BREAK) lineBreakSeen = true;
      i++;
      continue;
    }
    const start = i;
    const glued = start === previousEnd;
    if (cls === UPPER || cls === LOWER || cls === OTHER_LETTER) {
      let upperCount = cls === UPPER ? 1 : 0;
      let lowerCount = cls === LOWER ? 1 : 0;
      let elisionEnd = -1;
      i++;
      while (i < length) {
        const code = text.charCodeAt(i);
        const c = classify(code);
        if (c === UPPER) upperCount++;
        else if (c === LOWER) lowerCount++;
        else if (c === OTHER_LETTER) {
          // counted as neither
        } else if (isInnerJoiner(code) && i + 1 < length && isLetterClass(classify(text.charCodeAt(i + 1)))) {
          // An apostrophe before the first capital may end an elision ("d'Anita").
          if (elisionEnd === -1 && upperCount === 0 && isApostrophe(code) && classify(text.charCodeAt(i + 1)) === UPPER) elisionEnd = i + 1;
        } else break;
        i++;
      }
      const end = i;
      if (elisionEnd !== -1 && ELISIONS.has(text.slice(start, elisionEnd))) {
        tokens.push(wordToken(text, start, elisionEnd, glued, lineBreakSeen));
        tokens.push(wordToken(text, elisionEnd, end, true, false));
      } else if (cls === UPPER && end - start > 2 && isApostrophe(text.charCodeAt(end - 2)) && text.charCodeAt(end - 1) === 115) {
        // English possessive on a capitalised word: "Maxwell's" → "Maxwell" + "'s".
        tokens.push(wordToken(text, start, end - 2, glued, lineBreakSeen));
        tokens.push(wordToken(text, end - 2, end, true, false));
      } else {
        const shape = shapeOf(cls === UPPER, end - start, upperCount, lowerCount);
        tokens.push(new Token(text, start, end, shape, lineBreakSeen, glued, upperCount === 0));
      }
    } else if (cls === DIGIT) {
      i++;
      while (i < length && classify(text.charCodeAt(i)) === DIGIT) i++;
      tokens.push(new Token(text, start, i, Shape.Number, lineBreakSeen, glued, true));
    } else {
      i++;
      // One character: read eagerly (V8 serves it from its single-character string cache).
      tokens.push(new Token(text, start, i, Shape.Symbol, lineBreakSeen, glued, true, text[start]!));
    }
    previousEnd = i;
    lineBreakSeen = false;
  }
  return tokens;
}

function shapeOf(firstUpper: boolean, length: number, upperCount: number, lowerCount: number): Shape {
  if (!firstUpper) return Shape.Lower;
  if (length === 1) return Shape.Letter;
  if (lowerCount > 0) return Shape.Capitalized;
  return upperCount >= 2 ? Shape.AllCaps : Shape.Capitalized;
}

/** A word token for a piece of a scanned word (elision or possessive split). */
function wordToken(text: string, start: number, end: number, glued: boolean, afterLineBreak: boolean): Token {
  let upperCount = 0;
  let lowerCount = 0;
  for (let k = start; k < end; k++) {
    const c = classify(text.charCodeAt(k));
    if (c === UPPER) upperCount++;
    else if (c === LOWER) lowerCount++;
  }
  const shape = shapeOf(classify(text.charCodeAt(start)) === UPPER, end - start, upperCount, lowerCount);
  return new Token(text, start, end, shape, afterLineBreak, glued, upperCount === 0);
}
