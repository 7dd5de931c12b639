/**
 * Reads the pieces of a name from the token stream: titles ("M.", "Mme", "le juge",
 * "M. et Mme"), initials ("J.", "L.-E."), capitalised name words and particles. Pure
 * functions over the token array; scoring is `person.ts`'s job.
 */
import { Shape, type Token } from './tokens.ts';
import * as lexicon from './titles.ts';
import type { NameDictionary } from './names-dictionary.ts';
import * as facts from './word-facts.ts';

// Local copies of imported enum members: some module transforms (tsx's) read imported
// bindings through accessors, too slow for the scan loop.
const { GLUED_TITLE_PREFIXES } = lexicon;
const { factsOf } = facts;
const NOT_NAME_WORD = facts.NOT_NAME_WORD;
const COURTESY_TITLE = facts.COURTESY_TITLE;
const TITLE_JOINER = facts.TITLE_JOINER;
const ROLE_NOUN = facts.ROLE_NOUN;
const LOWER_PARTICLE = facts.LOWER_PARTICLE;
const CAPITALIZED_PARTICLE = facts.CAPITALIZED_PARTICLE;
const PLACE_ONLY = facts.PLACE_ONLY;
const SHAPE_CAPITALIZED = Shape.Capitalized;
const SHAPE_ALL_CAPS = Shape.AllCaps;
const SHAPE_LOWER = Shape.Lower;
const SHAPE_LETTER = Shape.Letter;

export const enum PartKind {
  Word = 1,
  Initial = 2,
  Particle = 3,
}

export interface NamePart {
  kind: PartKind;
  /** First and last token of the part (an initial spans "J" and "."). */
  first: number;
  last: number;
}

export interface NameBody {
  parts: NamePart[];
  /** Index of the token after the body. */
  next: number;
}

export const enum TitleKind {
  Courtesy = 1,
  Role = 2,
}

export interface TitleMatch {
  kind: TitleKind;
  plural: boolean;
  /** Index of the first token after the title(s). */
  next: number;
  /** Set when the title is glued to an initial ("MmeE."): the body starts inside token `next`. */
  gluedInitial: boolean;
}

const isDot = (token: Token | undefined): boolean => token !== undefined && token.is('.') && token.glued;

/** A courtesy title or a lower-case role noun starting at `index`, joined titles included. */
export function matchTitle(tokens: readonly Token[], index: number, french = true): TitleMatch | undefined {
  const first = matchOneTitle(tokens, index, french);
  if (!first || first.gluedInitial) return first;
  // "M. et Mme Robins": one span for the couple.
  const joiner = tokens[first.next];
  if (joiner && (factsOf(joiner).flags & TITLE_JOINER) !== 0) {
    const second = matchOneTitle(tokens, first.next + 1, french);
    if (second && second.kind === TitleKind.Courtesy) return { ...second, plural: true };
  }
  return first;
}

function matchOneTitle(tokens: readonly Token[], index: number, french: boolean): TitleMatch | undefined {
  const token = tokens[index];
  if (!token) return undefined;
  if (token.shape === SHAPE_LOWER) {
    return (factsOf(token).flags & ROLE_NOUN) !== 0
      ? { kind: TitleKind.Role, plural: false, next: isDot(tokens[index + 1]) ? index + 2 : index + 1, gluedInitial: false }
      : undefined;
  }
  const spec = factsOf(token).courtesyTitle;
  if (spec && (french || !spec.frenchOnly)) {
    const dotted = isDot(tokens[index + 1]);
    if (spec.dot === 'required' && !dotted) return undefined;
    return { kind: TitleKind.Courtesy, plural: spec.plural === true, next: dotted ? index + 2 : index + 1, gluedInitial: false };
  }
  // "MmeE. Jagander": a title glued to an initial by the source's typesetting.
  if (token.text.length >= 2 && token.text.length <= 5 && isDot(tokens[index + 1])) {
    for (const prefix of GLUED_TITLE_PREFIXES) {
      if (token.text.length === prefix.length + 1 && token.text.startsWith(prefix)) {
        const letter = token.text[prefix.length]!;
        if (letter !== letter.toUpperCase() || letter === letter.toLowerCase()) continue;
        return { kind: TitleKind.Courtesy, plural: prefix === 'MM' || prefix === 'Mmes', next: index, gluedInitial: true };
      }
    }
  }
  return undefined;
}

/** "J." or "L.-E." at `index`: returns the index of its last token, or -1. */
export function matchInitial(tokens: readonly Token[], index: number): number {
  const token = tokens[index];
  if (!token || token.shape !== SHAPE_LETTER || !isDot(tokens[index + 1])) return -1;
  let last = index + 1;
  // Hyphenated initials: "L.-E.", "J.-C.".
  const hyphen = tokens[last + 1];
  if (hyphen && hyphen.glued && (hyphen.is('-') || hyphen.is('‑'))) {
    const letter = tokens[last + 2];
    if (letter && letter.glued && letter.shape === SHAPE_LETTER && isDot(tokens[last + 3])) last += 3;
  }
  return last;
}

/** Could this token be a word of a person's name (not a title, institution, greeting…)? */
export function isNameWord(token: Token | undefined, allowAllCaps: boolean, _dict: NameDictionary): boolean {
  if (!token) return false;
  if (token.shape !== SHAPE_CAPITALIZED && !(allowAllCaps && token.shape === SHAPE_ALL_CAPS)) return false;
  return (factsOf(token).flags & (NOT_NAME_WORD | COURTESY_TITLE)) === 0;
}

export interface BodyOptions {
  allowAllCaps: boolean;
  /** The first token is a glued title+initial ("MmeE." → initial "E."). */
  gluedInitial?: boolean;
  maxParts?: number;
}

/**
 * The longest run of name parts starting at `index`, on one line, separated by spaces only.
 * Particles are kept only between name words ("Charles de Gaulle", "J. De Meyer").
 */
export function readBody(tokens: readonly Token[], index: number, dict: NameDictionary, options: BodyOptions): NameBody {
  const parts: NamePart[] = [];
  const maxParts = options.maxParts ?? 6;
  let k = index;
  if (options.gluedInitial) {
    parts.push({ kind: PartKind.Initial, first: k, last: k + 1 });
    k += 2;
  }
  while (k < tokens.length && parts.length < maxParts) {
    const token = tokens[k]!;
    if (parts.length > 0 && (token.afterLineBreak || (token.glued && !endsWithApostrophe(tokens[k - 1]!)))) break;
    let initialEnd = matchInitial(tokens, k);
    const afterWord = parts.length > 0 && parts[parts.length - 1]!.kind === PartKind.Word;
    // A middle initial may lack its period ("Kate M Begum").
    if (initialEnd === -1 && afterWord && token.shape === SHAPE_LETTER) initialEnd = k;
    if (initialEnd !== -1) {
      // After a word, an initial is a middle initial only when a name word follows ("Faina D. Yefremova").
      if (afterWord) {
        const following = tokens[initialEnd + 1];
        if (!following || following.afterLineBreak || !isNameWord(following, false, dict)) break;
      }
      parts.push({ kind: PartKind.Initial, first: k, last: initialEnd });
      k = initialEnd + 1;
      continue;
    }
    const isParticle =
      parts.length > 0 &&
      (factsOf(token).flags & (token.shape === SHAPE_LOWER ? LOWER_PARTICLE : CAPITALIZED_PARTICLE)) !== 0;
    if (isParticle) {
      // Particles may chain: "von der Leyen", "de la Fontaine".
      let after = k + 1;
      while (after < k + 3 && tokens[after] && tokens[after]!.shape === SHAPE_LOWER && (factsOf(tokens[after]!).flags & LOWER_PARTICLE) !== 0) after++;
      const following = tokens[after];
      if (following && !following.afterLineBreak && isNameWord(following, false, dict) && !isPlaceOnlyToken(following)) {
        for (let p = k; p < after; p++) parts.push({ kind: PartKind.Particle, first: p, last: p });
        k = after;
        continue;
      }
      if (token.shape === SHAPE_LOWER) break;
    }
    // A capitalised particle may also open a name after a title ("M. De Meyer", "M. Le Pen").
    if (parts.length === 0 && token.shape === SHAPE_CAPITALIZED && (factsOf(token).flags & CAPITALIZED_PARTICLE) !== 0) {
      if (isNameWord(tokens[k + 1], false, dict) && !tokens[k + 1]!.afterLineBreak) {
        parts.push({ kind: PartKind.Particle, first: k, last: k });
        k++;
        continue;
      }
      break;
    }
    if (isNameWord(token, options.allowAllCaps, dict)) {
      parts.push({ kind: PartKind.Word, first: k, last: k });
      k++;
      continue;
    }
    break;
  }
  // Never end on a particle.
  while (parts.length > 0 && parts[parts.length - 1]!.kind === PartKind.Particle) parts.pop();
  const lastPart = parts[parts.length - 1];
  return { parts, next: lastPart ? lastPart.last + 1 : index };
}

/** "d'" and "d’" glue to the next word: "Giscard d’Estaing". */
function endsWithApostrophe(token: Token): boolean {
  const last = token.text.charCodeAt(token.text.length - 1);
  return last === 39 || last === 0x2019;
}

/** A place name that is not also a known first name or surname. */
export function isPlaceOnly(lower: string, dict: NameDictionary): boolean {
  return dict.places.has(lower) && !dict.firstNames.has(lower) && !dict.surnames.has(lower);
}

/** `isPlaceOnly(token.lower, nameDictionary())`, from the token's cached facts. */
export function isPlaceOnlyToken(token: Token): boolean {
  return (factsOf(token).flags & PLACE_ONLY) !== 0;
}
