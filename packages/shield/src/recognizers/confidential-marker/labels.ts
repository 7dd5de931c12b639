/**
 * Classification labels, French and English, with the normalised level reported as subtype
 * and how much a bare occurrence says by itself:
 * - `strong`: only ever written as a marking or a statement of one ("diffusion restreinte",
 *   "internal use only", "under NDA"): reported anywhere.
 * - `plain`: a marking word that prose also uses ("confidentiel", "confidential"): reported
 *   when label-like or in a statement about the document ("ce document est confidentiel").
 * - `weak`: an ordinary word that is a label only when written as one ("Secret", "Interne",
 *   "Restricted"): reported only in label position (see `index.ts`).
 */

export const MARKER_LEVELS = ['confidential', 'restricted', 'secret', 'internal', 'nda', 'custom'] as const;
export type MarkerLevel = (typeof MARKER_LEVELS)[number];

export type LabelStrength = 'strong' | 'plain' | 'weak';

export interface MarkerLabel {
  label: string;
  level: MarkerLevel;
  strength: LabelStrength;
}

function labels(level: MarkerLevel, strength: LabelStrength, list: readonly string[]): MarkerLabel[] {
  return list.map((label) => ({ label, level, strength }));
}

export const BUILT_IN_LABELS: readonly MarkerLabel[] = [
  ...labels('confidential', 'strong', [
    'strictement confidentiel',
    'strictement confidentielle',
    'hautement confidentiel',
    'hautement confidentielle',
    'très confidentiel',
    'très confidentielle',
    'personnel et confidentiel',
    'personnelle et confidentielle',
    'confidentiel entreprise',
    'strictly confidential',
    'highly confidential',
    'company confidential',
    'private and confidential',
    'proprietary and confidential',
    'confidential and proprietary',
  ]),
  ...labels('confidential', 'plain', [
    'confidentiel',
    'confidentielle',
    'confidentiels',
    'confidentielles',
    'confidential',
    'accès restreint',
  ]),
  ...labels('confidential', 'weak', ['proprietary', 'propriétaire']),
  ...labels('restricted', 'strong', [
    'diffusion restreinte',
    'diffusion limitée',
    'ne pas diffuser',
    'ne pas transmettre',
    'ne pas divulguer',
    'ne pas communiquer',
    'do not distribute',
    'do not forward',
    'not for distribution',
    'not for external distribution',
    'not for public release',
    'restricted distribution',
    'limited distribution',
  ]),
  ...labels('restricted', 'weak', ['restricted', 'restreint', 'restreinte']),
  ...labels('secret', 'strong', [
    'secret défense',
    'secret-défense',
    'très secret',
    'très secret défense',
    'très secret-défense',
    'top secret',
    'confidentiel défense',
    'confidentiel-défense',
  ]),
  ...labels('secret', 'weak', ['secret']),
  ...labels('internal', 'strong', [
    'usage interne',
    'à usage interne',
    'pour usage interne',
    'usage interne uniquement',
    'usage interne seulement',
    'usage strictement interne',
    'diffusion interne',
    'interne uniquement',
    'strictement interne',
    'internal only',
    'internal use only',
    'for internal use only',
    'internal use',
    'internal distribution only',
    'strictly internal',
  ]),
  ...labels('internal', 'weak', ['interne', 'internal']),
  ...labels('nda', 'strong', [
    'under nda',
    'under an nda',
    'sous nda',
    'covered by nda',
    'covered by an nda',
    'soumis à nda',
    'soumis à un nda',
    'subject to nda',
    'subject to an nda',
    'under non-disclosure',
    'sous accord de confidentialité',
    'couvert par un accord de confidentialité',
    'soumis à un accord de confidentialité',
    'covered by a non-disclosure agreement',
    'subject to a non-disclosure agreement',
  ]),
  ...labels('nda', 'plain', [
    'accord de confidentialité',
    'engagement de confidentialité',
    'non-disclosure agreement',
    'confidentiality agreement',
  ]),
  ...labels('nda', 'weak', ['nda']),
];

/**
 * Words that, followed by a colon, introduce a classification ("Classification : C2 –
 * Interne", "Diffusion : restreinte"). Folded (no accents), lower-case.
 */
export const CLASSIFICATION_KEYS: readonly string[] = [
  'classification',
  'classement',
  'niveau de classification',
  'niveau de confidentialite',
  'niveau de sensibilite',
  'niveau de diffusion',
  'confidentialite',
  'sensibilite',
  'sensitivity',
  'sensitivity label',
  'security classification',
  'security level',
  'security label',
  'marking',
  'marquage',
  'mention',
  'diffusion',
  'distribution',
  // Not "label", "status", "type": YAML and JSON use them for anything ("status: internal").
];

/**
 * Words that may share a line with labels without making it prose: a line holding only
 * labels and these ("Document confidentiel – C3 – version 2") is a marking line.
 */
export const MARKING_LINE_FILLERS: ReadonlySet<string> = new Set([
  'document',
  'documents',
  'doc',
  'copie',
  'copy',
  'draft',
  'brouillon',
  'version',
  'ver',
  'rev',
  'revision',
  'page',
  'classification',
  'niveau',
  'level',
  'mention',
  'et',
  'and',
  'de',
  'c0',
  'c1',
  'c2',
  'c3',
  'c4',
  'v',
  'p',
]);
