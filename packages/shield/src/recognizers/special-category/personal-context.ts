/**
 * Is a sensitive term about a person? Three levels, read on folded (lower-case, accent-free)
 * text around the term, within its sentence:
 * - `tight`: a possessive or a verb right before the term, up to three filler words between
 *   ("son cancer", "atteint d'un cancer", "diagnosed with diabetes", "délégué CGT", and for
 *   words describing a person, a copula: "elle est enceinte", "he is gay"); "has" counts
 *   only with a person in the sentence;
 * - `loose`: a pronoun, a title or a role noun close by in the same sentence ("M. Dupont",
 *   "il", "le salarié", "the patient");
 * - `impersonal`: research, statistics, policy or law words nearby ("the cancer research
 *   budget", "les données de santé au sens du RGPD"), which cancel a loose context.
 */
import { KeywordIndex, isWholeWord } from '../../keyword-index.ts';

const FILLERS = [
  'un', 'une', 'des', 'du', 'de', 'de la', 'le', 'la', 'les', 'a', 'an', 'the', 'of', 'from', 'with', 'pour', 'par',
  'avec', 'au', 'aux', 'a la', 'tres', 'very', 'severe', 'severely', 'chronic', 'chronique', 'grave', 'lourd', 'lourde',
  'profonde', 'profond', 'major', 'mild', 'legere', 'leger', 'pas', 'not', 'plus', 'ete', 'been', 'en', 'type',
  'forme de', 'sa', 'son', 'ses', 'his', 'her', 'their', 'actuellement', 'currently', 'still', 'toujours', 'deja',
  'already', 'recemment', 'recently', 'longtemps', 'ouvertement', 'openly', 'fervent', 'fervente', 'devout',
];

/** Possessives and verbs that make any listed term personal. */
const TIGHT_TRIGGERS = [
  // possessives
  'mon', 'ma', 'mes', 'ton', 'ta', 'tes', 'son', 'sa', 'ses', 'notre', 'nos', 'votre', 'vos', 'leur', 'leurs',
  'my', 'his', 'her', 'their', 'your', 'our',
  // French verbs and participles
  'atteinte?s?', 'souffr\\w*', 'a souffert', 'diagnostiquee?s?', 'diagnostic', 'traitee?s?', 'soignee?s?', 'suivie?s?',
  'hospitalisee?s?', 'operee?s?', 'guerie?s?', 'decedee?s?', 'morte?s?', 'victime', 'porteur', 'porteuse', 'vit avec',
  'vivant avec', 'se bat contre', 'sous', 'en', 'a eu', 'avait eu', 'ont eu', 'ai eu',
  '(?:il|elle|on|qui|j\'ai|\\p{L}+) (?:a|avait|aura) (?=un |une |des |du |de la |de l\')',
  'membres?', 'adherente?s?', 'militante?s?', 'encartee?s?', 'affiliee?s?', 'sympathisante?s?', 'electeur', 'electrice',
  'electeurs', 'vote pour', 'votent pour', 'a vote pour', 'votait pour', 'deleguee?s?', 'representante?s?', 'elue?s?',
  'convertie?s?', 'pratique', 'condamnee?s?', 'inculpee?s?', 'interpellee?s?', 'arretee?s?', 'placee?s?', 'mise?s?',
  'poursuivie?s?', 'incarceree?s?', 'detenue?s?', 'ecrouee?s?', 'sortie?s? de', 'libere de', 'liberee de', 'prend',
  'prenait', 'prenant', 'prendre', 'takes',
  // English verbs
  'diagnosed', 'suffers', 'suffering', 'suffered', 'treated', 'being treated', 'recovering', 'battling', 'living with',
  'lives with', 'lived with', 'died', 'member', 'members', 'joined', 'voted for', 'votes for', 'supporter',
  'supporters', 'converted to', 'practising', 'practicing', 'convicted', 'arrested', 'charged', 'sentenced', 'jailed',
  '(?:is|was|are|were|been|be|being|currently|still|went|goes|go|put) on', 'released from', 'took', 'taking',
  'undergoing', 'underwent',
];

/**
 * "has": personal when a person is around ("Mr Smith has diabetes"), not in "the hospital
 * has a cancer ward". Counts as tight only together with a person in the sentence.
 */
const POSSESSION_TRIGGERS = ['has', 'have', 'had', 'has had', 'having'];

/** Copulas: personal only for words that describe a person ("est enceinte", "is gay"). */
const COPULAS = [
  'est', 'etait', 'suis', 'es', 'sont', 'etaient', 'sera', 'serait', 'devenue?s?', 'reste', 'se dit', 'se declare',
  's\'est declaree?', 'is', 'was', 'am', 'are', 'were', 'be', 'being', 'became', 'become', 'identifies as',
  'came out as', 'i\'m', 'he\'s', 'she\'s', 'c\'est',
];

const escapeFiller = (f: string) => f.replace(/ /g, '\\s+');
const FILLER_TAIL = `(?:(?:${FILLERS.map(escapeFiller).join('|')})\\s+|[dl]'\\s*){0,3}`;

function endAnchored(triggers: readonly string[]): RegExp {
  return new RegExp(`(?:^|[^\\p{L}\\p{N}'])(?:${triggers.join('|')})\\s*${FILLER_TAIL}$`, 'u');
}

const TIGHT_BEFORE = endAnchored(TIGHT_TRIGGERS);
const COPULA_BEFORE = endAnchored(COPULAS);
const POSSESSION_BEFORE = endAnchored(POSSESSION_TRIGGERS);

export type ContextKind = 'person' | 'impersonal';

const CONTEXT_WORDS = new KeywordIndex<ContextKind>();
for (const word of [
  'il', 'elle', 'ils', 'elles', 'je', 'lui', 'he', 'she', 'him', 'me', 'moi',
  'm.', 'mme', 'mme.', 'mlle', 'mr', 'mr.', 'mrs', 'mrs.', 'ms', 'ms.', 'dr', 'dr.', 'madame', 'monsieur', 'mademoiselle',
  'salarie', 'salariee', 'employe', 'employee', 'collaborateur', 'collaboratrice', 'collegue', 'patient', 'patiente',
  'agent', 'candidat', 'candidate', 'stagiaire', 'requerant', 'requerante', 'accuse', 'accusee', 'locataire',
  'colleague', 'applicant', 'staff member', 'worker', 'defendant', 'suspect', 'tenant', 'client', 'cliente', 'eleve',
  // Not "son": the French possessive is everywhere.
  'etudiant', 'etudiante', 'student', 'pupil', 'fils', 'fille', 'mari', 'epouse', 'femme', 'daughter', 'husband', 'wife',
]) {
  CONTEXT_WORDS.add(word, 'person');
}
for (const word of [
  'recherche', 'research', 'etude', 'etudes', 'study', 'studies', 'statistique', 'statistiques', 'statistics',
  'campagne', 'campaign', 'prevention', 'budget', 'programme', 'program', 'institut', 'institute', 'fondation',
  'foundation', 'ministere', 'ministry', 'journee mondiale', 'world day', 'awareness', 'sensibilisation', 'politique',
  'policy', 'loi', 'law', 'article', 'reglement', 'regulation', 'rgpd', 'gdpr', 'donnees', 'data', 'categorie',
  'categories', 'category', 'marche', 'market', 'industrie', 'industry', 'taux', 'rate', 'incidence', 'prevalence',
  'population', 'epidemie', 'epidemic', 'traitement des', 'lutte contre', 'fight against', 'plan', 'national',
]) {
  CONTEXT_WORDS.add(word, 'impersonal');
}
CONTEXT_WORDS.build();

export interface PersonalContext {
  tight: boolean;
  person: boolean;
  impersonal: boolean;
}

/** Sentence search bounds, for the tight triggers. */
const WINDOW_BEFORE = 100;
const WINDOW_AFTER = 60;
/** A person word counts only this close to the term: far away it is about something else. */
const PERSON_BEFORE = 50;
const PERSON_AFTER = 30;
/** Abbreviations whose full stop does not end a sentence ("M. Dupont", "Dr. Martin"). */
const TITLE_ABBREVIATIONS = new Set(['m', 'mr', 'mrs', 'ms', 'dr', 'mme', 'mlle', 'me', 'pr', 'st']);

/** Start of the sentence holding `index`, at most WINDOW_BEFORE characters back. */
function sentenceStart(folded: string, index: number): number {
  const limit = Math.max(0, index - WINDOW_BEFORE);
  for (let i = index - 1; i >= limit; i--) {
    const c = folded[i];
    if (c === '\n' || c === '!' || c === '?') return i + 1;
    if (c === '.') {
      let w = i;
      while (w > 0 && /[a-z]/.test(folded[w - 1]!)) w--;
      if (!TITLE_ABBREVIATIONS.has(folded.slice(w, i))) return i + 1;
    }
  }
  return limit;
}

/** End of the sentence holding `index` (its full stop included, for "… selon M."), bounded. */
function sentenceEnd(folded: string, index: number): number {
  const limit = Math.min(folded.length, index + WINDOW_AFTER);
  for (let i = index; i < limit; i++) {
    const c = folded[i];
    if (c === '\n' || c === '!' || c === '?' || c === '.') return i + 1;
  }
  return limit;
}

/** `describesPerson`: the term is an attribute ("enceinte"), so a copula before it counts. */
export function personalContext(folded: string, start: number, end: number, describesPerson: boolean): PersonalContext {
  const from = sentenceStart(folded, start);
  const to = sentenceEnd(folded, end);
  const before = folded.slice(from, start);
  let tight = TIGHT_BEFORE.test(before) || (describesPerson && COPULA_BEFORE.test(before));
  let person = false;
  let impersonal = false;
  const windowStart = Math.max(from, start - PERSON_BEFORE);
  const window = folded.slice(windowStart, Math.min(to, end + PERSON_AFTER));
  const termStart = start - windowStart;
  const termEnd = end - windowStart;
  CONTEXT_WORDS.scan(window, (hit) => {
    if (hit.start < termEnd && hit.end > termStart) return;
    // "m." ends with a non-word character: check the boundary on its letters only.
    const wordEnd = window[hit.end - 1] === '.' ? hit.end - 1 : hit.end;
    if (!isWholeWord(window, hit.start, wordEnd)) return;
    if (hit.values[0] === 'person') person = true;
    else impersonal = true;
  });
  if (!tight && person && POSSESSION_BEFORE.test(before)) tight = true;
  return { tight, person, impersonal };
}
