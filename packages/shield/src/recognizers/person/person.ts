/**
 * PERSON recognizer for French and English: one token scan, Set/Map look-ups, no per-call
 * regex. Evidence, strongest first:
 *
 * 1. A courtesy title or role noun before capitalised words or initials ("M. John Hirst",
 *    "Mme S. D.", "le juge Clarke", "M. et Mme Robins", "MmeE. Jagander"). The reported span
 *    includes the title, as in the ECHR annotations (the dev scorer also accepts the span
 *    without its title, the Presidio convention); plural titles introduce lists
 *    ("MM. Ehrenkrona, Bratt et Södergren": one entity each).
 * 2. Initials before a capitalised word ("A. B. Baka") or two initials alone ("N. S.").
 * 3. A known first name next to other capitalised name words ("Jean-Pierre Dupont",
 *    "DUPONT Jean", "Charles de Gaulle").
 * 4. A single known first name, or a surname, written capitalised mid-sentence; a greeting
 *    ("Bonjour Jean-Pierre,", "Dear Sam"). Names that are also common words ("Rose", "Grace")
 *    and sentence-initial words need more than this.
 * 5. A name word already found in the text with strong evidence, seen again alone
 *    ("M. Peter Maxwell … Maxwell").
 *
 * Numbers, lower-case words, months and days, places and institutions are never tagged alone.
 */
import type { DetectedEntity, Language, Recognizer, RecognizerInput } from '../../types.ts';
import { tokenize, Shape, type Token } from './tokens.ts';
import { nameDictionary, NameEvidence, type NameDictionary } from './names-dictionary.ts';
import { isNameWord, matchInitial, matchTitle, readBody, isPlaceOnlyToken, PartKind, TitleKind, type NameBody, type NamePart } from './name-parts.ts';
import * as facts from './word-facts.ts';
import * as lexicon from './titles.ts';
import type { WordEvidence } from './word-facts.ts';

// Local copies of imported enum members: some module transforms (tsx's) read imported
// bindings through accessors, too slow for the scan loop. Word questions are answered by the
// token's cached facts (word-facts.ts), one flag test each.
const { factsOf } = facts;
const GREETING = facts.GREETING;
const GREETING_TARGET_NOT_NAME = facts.GREETING_TARGET_NOT_NAME;
const NAME_CUE = facts.NAME_CUE;
const ORGANISATION_MARKER = facts.ORGANISATION_MARKER;
const PLACE_PREPOSITION = facts.PLACE_PREPOSITION;
const STREET_OR_ORGANISATION_WORD = facts.STREET_OR_ORGANISATION_WORD;
const STREET_PREFIX = facts.STREET_PREFIX;
const TITLE_JOINER = facts.TITLE_JOINER;
const CAPITALIZED_PARTICLE = facts.CAPITALIZED_PARTICLE;
const FIRM_SUFFIX = facts.FIRM_SUFFIX;
const CALENDAR_WORD = facts.CALENDAR_WORD;
const has = (token: Token, flag: number): boolean => (factsOf(token).flags & flag) !== 0;
const SHAPE_CAPITALIZED = Shape.Capitalized;
const SHAPE_ALL_CAPS = Shape.AllCaps;
const SHAPE_LOWER = Shape.Lower;
const SHAPE_LETTER = Shape.Letter;
const SHAPE_NUMBER = Shape.Number;
const SHAPE_SYMBOL = Shape.Symbol;
const PART_KIND_WORD = PartKind.Word;
const PART_KIND_INITIAL = PartKind.Initial;
const PART_KIND_PARTICLE = PartKind.Particle;
const TITLE_KIND_COURTESY = TitleKind.Courtesy;
const TITLE_KIND_ROLE = TitleKind.Role;
const NAME_EVIDENCE_NONE = NameEvidence.None;
const NAME_EVIDENCE_SURNAME = NameEvidence.Surname;
const NAME_EVIDENCE_FIRST_NAME = NameEvidence.FirstName;

const RECOGNIZER_NAME = 'person';

/** Scores, tuned on the ECHR French train+dev splits and the Presidio synthetic set. */
const SCORE = {
  courtesyTitle: 0.9,
  roleNoun: 0.75,
  listAfterPluralTitle: 0.8,
  initialsAndSurname: 0.75,
  initialsOnly: 0.55,
  firstNameAndName: 0.85,
  firstNameAndKnownName: 0.8,
  ambiguousFirstAndKnownName: 0.7,
  greeting: 0.75,
  afterNameCue: 0.75,
  knownSurnameAndWord: 0.6,
  middleInitial: 0.7,
  coordinatedName: 0.6,
  firstNameAlone: 0.65,
  firstNameAloneSentenceStart: 0.6,
  surnameAlone: 0.55,
  repeatedName: 0.7,
} as const;

/** Name words of entities at least this sure are searched again alone in the same text. */
const PROPAGATION_MIN_SCORE = 0.7;

export function createPersonRecognizer(): Recognizer {
  return {
    name: RECOGNIZER_NAME,
    entityTypes: ['PERSON'],
    find: (input: RecognizerInput) => findPersons(input.text, input.language),
  };
}

export function findPersons(text: string, language: Language = 'fr'): DetectedEntity[] {
  const french = language === 'fr';
  const tokens = tokenize(text);
  const dict = nameDictionary();
  const found: DetectedEntity[] = [];
  // Token ranges of what was found, for step 5.
  const foundRanges: FoundRange[] = [];
  const emit = (first: number, last: number, score: number) => {
    const start = tokens[first]!.start;
    const end = tokens[last]!.end;
    found.push({ type: 'PERSON', start, end, score, text: text.slice(start, end), recognizer: RECOGNIZER_NAME });
    foundRanges.push({ first, last, score });
  };
  let i = 0;
  while (i < tokens.length) {
    const next = scanAt(tokens, i, dict, emit, french);
    i = next > i ? next : i + 1;
  }
  findCoordinatedNames(tokens, foundRanges, dict, emit);
  if (foundRanges.length > 0) propagateRepeatedNames(tokens, foundRanges, dict, emit);
  found.sort((a, b) => a.start - b.start);
  return found;
}

type Emit = (firstToken: number, lastToken: number, score: number) => void;

/** Tries every kind of evidence at token `i`; returns the index to continue from. */
function scanAt(tokens: readonly Token[], i: number, dict: NameDictionary, emit: Emit, french: boolean): number {
  const token = tokens[i]!;
  if (token.shape === SHAPE_NUMBER || token.shape === SHAPE_SYMBOL) return i + 1;
  // Most tokens are lower-case words; one can only open a name as a role noun, and a role
  // noun needs an initial, a capitalised word or a title joiner after it.
  if (token.shape === SHAPE_LOWER && !mayFollowRoleNoun(tokens, i)) return i + 1;

  const title = matchTitle(tokens, i, french);
  if (title) {
    const body = readBody(tokens, title.next, dict, {
      allowAllCaps: title.kind === TITLE_KIND_COURTESY,
      gluedInitial: title.gluedInitial,
    });
    if (acceptTitledBody(tokens, body, title.kind, dict)) {
      emit(i, body.parts[body.parts.length - 1]!.last, title.kind === TITLE_KIND_COURTESY ? SCORE.courtesyTitle : SCORE.roleNoun);
      return title.plural ? readList(tokens, body.next, dict, emit) : body.next;
    }
    if (token.shape === SHAPE_LOWER) return i + 1;
  }

  if (token.shape === SHAPE_LOWER) return i + 1;
  if (has(token, GREETING)) return scanGreeting(tokens, i, dict, emit);

  const body = readBody(tokens, i, dict, { allowAllCaps: true });
  if (body.parts.length === 0) return i + 1;
  if (isAddressOrOrganisation(tokens, body)) return body.next;
  if (followsNameCue(tokens, i)) {
    // "My name is Tomomi Nishiyama", "Name: Sieda Batukayev": no dictionary needed.
    emit(i, body.parts[body.parts.length - 1]!.last, SCORE.afterNameCue);
    return body.next;
  }
  const judged = judgeUntitledBody(tokens, body, dict);
  if (judged) {
    emit(body.parts[judged.from]!.first, body.parts[body.parts.length - 1]!.last, judged.score);
    return body.next;
  }
  // Not a name as a whole: let the next word start its own attempt ("Yesterday John Smith").
  return i + 1;
}

/**
 * Could a role noun at `i` ("juge", "monsieur") start a name? Its body (see readBody) opens
 * with an initial or a capitalised word, after an optional glued period; or a joiner
 * ("et", "and", "&") leads to a second title. Checked before looking the word up.
 */
function mayFollowRoleNoun(tokens: readonly Token[], i: number): boolean {
  const dot = tokens[i + 1];
  const next = dot !== undefined && dot.is('.') && dot.glued ? tokens[i + 2] : dot;
  if (next === undefined) return false;
  const shape = next.shape;
  if (shape === SHAPE_CAPITALIZED || shape === SHAPE_LETTER || shape === SHAPE_ALL_CAPS) return true;
  // Checked for most lower-case words: the first letter rules most joiners out without a look-up.
  return next.end - next.start <= 3 && TITLE_JOINER_FIRST_CODES.has(next.lowerFirstCode) && has(next, TITLE_JOINER);
}

/** First characters of the title joiners ("et", "and", "&"). */
const TITLE_JOINER_FIRST_CODES: ReadonlySet<number> = new Set([...lexicon.TITLE_JOINERS].map((word) => word.charCodeAt(0)));

function acceptTitledBody(tokens: readonly Token[], body: NameBody, kind: TitleKind, _dict: NameDictionary): boolean {
  const words = body.parts.filter((p) => p.kind === PART_KIND_WORD);
  if (body.parts.length === 0) return false;
  if (kind === TITLE_KIND_ROLE) {
    // "le juge Clarke", "capitaine J.": a capitalised word or initials, not a place.
    const firstWord = words[0];
    return !firstWord || !isPlaceOnlyToken(tokens[firstWord.first]!);
  }
  return true;
}

/** After a plural title: ", Bratt et Södergren", ", I. Foighel, A. N. Loizou". */
function readList(tokens: readonly Token[], index: number, dict: NameDictionary, emit: Emit): number {
  let k = index;
  while (k < tokens.length) {
    const separator = tokens[k]!;
    if (!separator.is(',') && separator.lower !== 'et' && separator.lower !== 'and') break;
    const body = readBody(tokens, k + 1, dict, { allowAllCaps: false, maxParts: 4 });
    if (body.parts.length === 0 || tokens[body.parts[0]!.first]!.afterLineBreak) break;
    const lastWord = lastWordOf(body.parts);
    if (lastWord && isPlaceOnlyToken(tokens[lastWord.first]!)) break;
    emit(body.parts[0]!.first, body.parts[body.parts.length - 1]!.last, SCORE.listAfterPluralTitle);
    k = body.next;
  }
  return k;
}

/** "Bonjour Jean-Pierre,", "Dear Sam", "Merci Marie !": the greeted capitalised words. */
function scanGreeting(tokens: readonly Token[], i: number, dict: NameDictionary, emit: Emit): number {
  const body = readBody(tokens, i + 1, dict, { allowAllCaps: true, maxParts: 3 });
  const firstPart = body.parts[0];
  if (!firstPart || firstPart.kind !== PART_KIND_WORD) return i + 1;
  const firstWord = tokens[firstPart.first]!;
  if (firstWord.afterLineBreak || has(firstWord, GREETING_TARGET_NOT_NAME)) return i + 1;
  if (isPlaceOnlyToken(firstWord)) return i + 1;
  emit(firstPart.first, body.parts[body.parts.length - 1]!.last, SCORE.greeting);
  return body.next;
}

function lastWordOf(parts: readonly NamePart[]): NamePart | undefined {
  for (let p = parts.length - 1; p >= 0; p--) if (parts[p]!.kind === PART_KIND_WORD) return parts[p];
  return undefined;
}

/**
 * Street names and companies look like names: "12 rue Victor Hugo", "03751 Gerrit
 * Achterberghove 137", "Gordon Terrace", "Russell Investments", "Czech Republic".
 */
function isAddressOrOrganisation(tokens: readonly Token[], body: NameBody): boolean {
  const previous = tokens[body.parts[0]!.first - 1];
  if (previous && !tokens[body.parts[0]!.first]!.afterLineBreak) {
    if (previous.shape === SHAPE_NUMBER || has(previous, ORGANISATION_MARKER)) return true;
    if (has(previous, STREET_PREFIX)) return true;
    // (No token is empty, so a missing token here is no street prefix.)
    const beforeDot = tokens[body.parts[0]!.first - 2];
    if (previous.is('.') && beforeDot !== undefined && has(beforeDot, STREET_PREFIX)) return true;
  }
  const following = tokens[body.next];
  if (!following || following.afterLineBreak) return false;
  if (following.shape === SHAPE_NUMBER || (following.shape === SHAPE_LOWER && has(following, ORGANISATION_MARKER))) return true;
  if (following.shape === SHAPE_CAPITALIZED && has(following, STREET_OR_ORGANISATION_WORD)) return true;
  // "Victor Hugo u. 49", "Republic", "Street" were cut from the body by readBody: look at them here.
  return following.shape === SHAPE_LOWER && has(following, STREET_PREFIX) && tokens[body.next + 1]?.is('.') === true;
}

/** "My name is X", "Name: X", "last name? X", "je m'appelle X", "named X", "signé X". */
function followsNameCue(tokens: readonly Token[], index: number): boolean {
  let p = index - 1;
  if (p >= 0 && (tokens[p]!.is(':') || tokens[p]!.is('?') || tokens[p]!.is(','))) p--;
  if (p < 0) return false;
  const previous = tokens[p]!;
  if (previous.lower === 'is' || previous.lower === 'est') return p > 0 && has(tokens[p - 1]!, NAME_CUE);
  return has(previous, NAME_CUE);
}

/** True when the token opens a sentence or a line: capitalisation there says nothing. */
function isSentenceStart(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index]!;
  if (index === 0 || token.afterLineBreak) return true;
  let p = index - 1;
  // Opening quotes and brackets do not count.
  while (p >= 0 && (tokens[p]!.is('"') || tokens[p]!.is('«') || tokens[p]!.is('(') || tokens[p]!.is('“') || tokens[p]!.is("'"))) p--;
  if (p < 0) return true;
  // Every mark below is one character: a longer token (a word) is none of them.
  if (tokens[p]!.end - tokens[p]!.start !== 1) return false;
  const previous = tokens[p]!.text;
  if (previous === '!' || previous === '?' || previous === '…' || previous === '-' || previous === '–' || previous === '—' || previous === '•' || previous === '*') return true;
  // A period ends a sentence unless it closes an initial or a title ("J.", "M.").
  return previous === '.' && matchInitial(tokens, p - 1) === -1;
}

interface Judgement {
  /** Index of the first part kept (leading words without evidence are dropped). */
  from: number;
  score: number;
}

/** Decides whether capitalised words with no title are a person's name. */
function judgeUntitledBody(tokens: readonly Token[], body: NameBody, dict: NameDictionary): Judgement | undefined {
  const parts = body.parts;
  const words = parts.filter((p) => p.kind === PART_KIND_WORD);
  const initials = parts.length - words.length - parts.filter((p) => p.kind === PART_KIND_PARTICLE).length;
  const atSentenceStart = isSentenceStart(tokens, parts[0]!.first);

  if (parts[0]!.kind === PART_KIND_INITIAL) {
    if (words.length === 0) return initials >= 2 ? { from: 0, score: SCORE.initialsOnly } : undefined;
    const surname = tokens[lastWordOf(parts)!.first]!;
    if (surname.shape === SHAPE_ALL_CAPS || isPlaceOnlyToken(surname)) return undefined;
    // "A. Arrestation et détention": a numbered heading, unless the word is a known name.
    if (initials === 1 && words.length === 1 && atSentenceStart && wordEvidence(surname, dict).kind === NAME_EVIDENCE_NONE) {
      const following = tokens[body.next];
      if (!following || following.shape === SHAPE_LOWER || following.is('.')) return undefined;
    }
    return { from: 0, score: SCORE.initialsAndSurname };
  }

  const evidence = words.map((w) => wordEvidence(tokens[w.first]!, dict));
  // Leading words with no evidence before a known first name: "Yesterday John Smith".
  let from = 0;
  while (from < words.length - 1 && evidence[from]!.kind === NAME_EVIDENCE_NONE && evidence[from + 1]!.kind === NAME_EVIDENCE_FIRST_NAME) from++;
  const keptWords = words.slice(from);
  const keptEvidence = evidence.slice(from);
  const fromPart = parts.indexOf(keptWords[0]!);

  if (keptWords.length >= 2) {
    const allCaps = keptWords.every((w) => tokens[w.first]!.shape === SHAPE_ALL_CAPS);
    const strongFirst = keptEvidence.findIndex((e) => e.kind === NAME_EVIDENCE_FIRST_NAME && !e.allCaps);
    const knownCount = keptEvidence.filter((e) => e.kind !== NAME_EVIDENCE_NONE).length;
    const anyFirst = keptEvidence.some((e) => e.isFirstName);
    if (allCaps) {
      // Headings in capitals: only a known first name with a known surname.
      return keptEvidence.some((e) => e.kind === NAME_EVIDENCE_FIRST_NAME) && keptEvidence.some((e) => e.kind === NAME_EVIDENCE_SURNAME)
        ? { from: fromPart, score: SCORE.ambiguousFirstAndKnownName }
        : undefined;
    }
    if (strongFirst !== -1) {
      if (keptEvidence.some((e, n) => n !== strongFirst && e.isPlace)) return undefined;
      return { from: fromPart, score: knownCount >= 2 ? SCORE.firstNameAndKnownName : SCORE.firstNameAndName };
    }
    // "Faina D. Yefremova": a middle initial between two words is a name's shape.
    const middleInitial = parts.some((p, n) => p.kind === PART_KIND_INITIAL && n > fromPart && n < parts.length - 1);
    if (middleInitial && !keptEvidence.some((e) => e.isPlace || e.allCaps)) return { from: fromPart, score: SCORE.middleInitial };
    if (anyFirst && knownCount >= 2 && keptEvidence.some((e) => e.kind === NAME_EVIDENCE_SURNAME || e.kind === NAME_EVIDENCE_FIRST_NAME)) {
      return { from: fromPart, score: SCORE.ambiguousFirstAndKnownName };
    }
    // "Tilly Nicholson": an unknown word before a known surname, two words, no place.
    const [firstWord, secondWord] = keptWords.map((w) => tokens[w.first]!);
    if (
      keptWords.length === 2 &&
      keptEvidence[1]!.kind === NAME_EVIDENCE_SURNAME &&
      keptEvidence[0]!.kind === NAME_EVIDENCE_NONE &&
      !keptEvidence[0]!.isPlace &&
      firstWord!.shape === SHAPE_CAPITALIZED &&
      secondWord!.shape === SHAPE_CAPITALIZED &&
      secondWord!.text.length >= 4
    ) {
      return { from: fromPart, score: SCORE.knownSurnameAndWord };
    }
    return undefined;
  }

  const only = keptEvidence[0]!;
  const onlyToken = tokens[keptWords[0]!.first]!;
  if (onlyToken.shape !== SHAPE_CAPITALIZED) return undefined;
  const sentenceStart = from === 0 ? atSentenceStart : false;
  // "vit à Bradford", "réside à Lund": after a place preposition only a widespread first name counts.
  const previous = tokens[keptWords[0]!.first - 1];
  if (previous && has(previous, PLACE_PREPOSITION) && factsOf(onlyToken).firstNameWeight < 3) return undefined;
  if (only.kind === NAME_EVIDENCE_FIRST_NAME) {
    return { from: fromPart, score: sentenceStart ? SCORE.firstNameAloneSentenceStart : SCORE.firstNameAlone };
  }
  if (only.kind === NAME_EVIDENCE_SURNAME && !sentenceStart && onlyToken.text.length >= 4) return { from: fromPart, score: SCORE.surnameAlone };
  return undefined;
}

/** First name / surname evidence of a word (computed once per spelling, see word-facts.ts). */
function wordEvidence(token: Token, _dict: NameDictionary): WordEvidence {
  return factsOf(token).evidence;
}

const LIST_SEPARATORS: ReadonlySet<string> = new Set([',', 'and', 'et', '&', 'or', 'ou']);

/**
 * "Kónya, Becker and Vasquez", "Marrero and Murphy were…": single capitalised words joined
 * by commas and conjunctions, one of which is a known name (or already found) and none a
 * place, are all persons.
 */
function findCoordinatedNames(tokens: readonly Token[], foundRanges: readonly FoundRange[], dict: NameDictionary, emit: Emit): void {
  const covered = new Uint8Array(tokens.length);
  for (const range of foundRanges) for (let t = range.first; t <= range.last; t++) covered[t] = 1;
  let i = 0;
  while (i < tokens.length) {
    if (!isListItem(tokens, i, dict)) {
      i++;
      continue;
    }
    const items = [i];
    let k = i + 1;
    while (k < tokens.length) {
      let next = k;
      if (tokens[next]!.is(',')) next++;
      if (tokens[next] && tokens[next]!.shape === SHAPE_LOWER && LIST_SEPARATORS.has(tokens[next]!.lower)) next++;
      else if (tokens[next]?.is('&') === true) next++;
      if (next === k || !isListItem(tokens, next, dict) || tokens[next]!.afterLineBreak) break;
      items.push(next);
      k = next + 1;
    }
    if (items.length >= 2 && tokens[k]?.shape !== SHAPE_CAPITALIZED) {
      const evidence = items.map((t) => (covered[t] ? NAME_EVIDENCE_FIRST_NAME : wordEvidence(tokens[t]!, dict).kind));
      const anyPlace = items.some((t) => isPlaceOnlyToken(tokens[t]!));
      const known = evidence.filter((e) => e === NAME_EVIDENCE_FIRST_NAME || e === NAME_EVIDENCE_SURNAME).length;
      if (!anyPlace && known >= 1 && known * 2 >= items.length) {
        for (const t of items) if (!covered[t]) emit(t, t, SCORE.coordinatedName);
      }
    }
    i = k;
  }
}

function isListItem(tokens: readonly Token[], index: number, dict: NameDictionary): boolean {
  const token = tokens[index];
  if (!token || token.shape !== SHAPE_CAPITALIZED || token.text.length < 3) return false;
  if (!isNameWord(token, false, dict) || has(token, CAPITALIZED_PARTICLE)) return false;
  if (has(token, FIRM_SUFFIX)) return false; // "Martin & Fils": a firm, not two people
  // "I'm", "O'Neil's": contractions are not list items; a word before a number is a street.
  if (token.text.includes("'") || token.text.includes('’')) return false;
  // A single word: the item ends here.
  const following = tokens[index + 1];
  if (following && following.shape === SHAPE_NUMBER) return false;
  return !following || following.shape !== SHAPE_CAPITALIZED || following.afterLineBreak;
}

interface FoundRange {
  first: number;
  last: number;
  score: number;
}

/** Step 5: name words found with strong evidence, seen again alone and capitalised. */
function propagateRepeatedNames(tokens: readonly Token[], foundRanges: readonly FoundRange[], dict: NameDictionary, emit: Emit): void {
  const known = new Set<string>();
  const covered = new Uint8Array(tokens.length);
  for (const range of foundRanges) {
    for (let t = range.first; t <= range.last; t++) {
      covered[t] = 1;
      if (range.score < PROPAGATION_MIN_SCORE) continue;
      const token = tokens[t]!;
      if (token.shape === SHAPE_CAPITALIZED && token.text.length >= 3 && !has(token, CALENDAR_WORD)) known.add(factsOf(token).lower);
    }
  }
  if (known.size === 0) return;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (covered[i] || token.shape !== SHAPE_CAPITALIZED || !known.has(factsOf(token).lower)) continue;
    if (matchTitle(tokens, i, true)) continue;
    emit(i, i, SCORE.repeatedName);
  }
}
