/**
 * Secrets without a vendor format: a random-looking value assigned to a key that says
 * "token", "secret", "api key", "clé", "jeton"… (generic-api-key). Entropy, the key's
 * own words (`…_id`, `…_url`, `foreignKey`) and the value's shape (file names, hosts,
 * constants, code references) separate credentials from ordinary settings.
 */
import type { DetectedEntity, Recognizer, RecognizerInput } from '../../types.ts';
import { isPlaceholder, shannonEntropy } from './entropy.ts';

/**
 * Key words announcing a credential. French words must stand alone (`clé`, not the `cle`
 * inside `article`). The key may continue for 20 word characters before the operator.
 */
const GENERIC_ASSIGNMENT = new RegExp(
  String.raw`(?:access|auth|api|credential|creds|key|passw(?:or)?d|pwd|secret|token|(?<![\p{L}])(?:cl[ée]f?s?|jetons?|mdp)(?![\p{L}]))` +
    String.raw`[ \t\w.-]{0,20}[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}` +
    String.raw`([\w.=-]{10,150}|[a-zA-Z0-9][a-zA-Z0-9+/]{11,}={0,3})(?=[\x60'"\s;]|\\[nrt]|$)`,
  'dgiu',
);

/** Key words after which a value is an identifier, location or setting, not a secret. */
const NON_SECRET_KEY_WORDS = new Set(
  (
    'id ids uuid guid name names url uri urls uris endpoint endpoints host hostname domain path paths file files filename dir ' +
    'size length len type types version format count index idx mode prefix suffix label title alias field column header ' +
    'param ref hint policy scope scopes ttl timeout expiry expires expiration algorithm algo method provider store ' +
    'storetype vault ring board code frame pair press pressed word up down left right mesh meshing signature signatures ' +
    'stone tab hash source sources schema sequence event events handler listener callback map mapping location region ' +
    'issuer audience usage fingerprint kind class enabled required mapping template pattern regex description'
  ).split(' '),
);

/** Compound keys that contain a credential word but never name a credential. */
const NEVER_SECRET_KEYS =
  /jsonwebtoken|csrf[_.-]?token|public[_.-]?token|secrets?[_.-]?(?:manager|store|ref|name|size|length)|withcredentials|x-ms-exchange|authentication-results|key[_.-]?vault|access(?:ibility|or|ible)|random[_.-]?access|rapid|capital|author(?!i[sz])/i;
/**
 * Compound keys whose `key`/`api` is not a credential (`foreignKey`, `keystore.file`), unless
 * a stronger word says otherwise (`keystore_password`).
 */
const WEAK_NON_SECRET_KEYS =
  /(?:foreign|primary|sort|partition|composite|natural|unique|bucket|schema|sequence|cache|hot|idx|public|publishable|pub)[_.-]?key|turkey|monkey|donkey|hockey|jockey|whiskey|key(?:ing|board|note|stone|word|frame|store|tab|chain|space|up|down|press|code)/i;
const STRONG_CREDENTIAL_WORD = /passw|pwd|secret|token|mdp|jeton/i;

/** Splits `keyVaultToStore_SECRETS-name` into lower-case words. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** The identifier the keyword belongs to: back to the start of the word, forward to the operator. */
function fullKey(text: string, keywordStart: number, valueStart: number): string {
  let from = keywordStart;
  while (from > 0 && /[\w.-]/.test(text[from - 1]!)) from--;
  const raw = text.slice(from, valueStart);
  const operator = raw.search(/\s*["']?\s*(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)/);
  return operator > 0 ? raw.slice(0, operator) : raw;
}

/** Value shapes that are settings or code rather than credentials. */
function looksLikeNonSecretValue(value: string): boolean {
  if (/^[a-zA-Z_.-]+$/.test(value)) return true; // words, no digits: identifiers, class names
  if (/^\d+(?:\.\d+)*$/.test(value)) return true; // numbers, version numbers
  if (/\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)?$/.test(value) && /[a-z]{4,}/i.test(value)) return true; // artefact-1.2.3
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return true; // CONSTANT_NAME
  if (/^[a-z]+(?:[-_][a-z]+)+(?:[-_]\d{1,4})?$/i.test(value)) return true; // words-joined-by-dashes-2
  // dotted names ending in a word: hosts (a.b.com), files (x.pem), members (X25519.KeyPair)
  if (/^[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)+$/.test(value) && /\.[A-Za-z]+$/.test(value)) return true;
  if (/^(?:true|false|null|none|nil|undefined)$/i.test(value)) return true;
  if (/^(?:process\.env|os\.environ|env\.|config\.|settings\.|self\.|this\.)/i.test(value)) return true;
  if (/^[A-Za-z][a-z]+(?:\/[A-Za-z][A-Za-z_-]+)+$/.test(value)) return true; // Europe/Paris, text/plain
  return false;
}

/**
 * Vendor prefixes with an exact format handled by a dedicated rule: a value carrying one
 * but failing that rule (wrong length, sample digits) is a documentation stub, not a key.
 */
const VENDOR_PREFIX =
  /^(?:gh[pousr]_|github_pat_|gl(?:pat|rt|ptt|ft|imt|soat|agent|oas|cbt|dt|ffct)-|xox[abeoprs][-.]|xapp-|[sr]k_(?:live|test|prod)_|sm_(?:aat|pat|sat)_|npm_|pypi-|hf_|api_org_|sk-ant-|sk-(?:proj|svcacct|admin)-|AKIA|ASIA|AIza|do[opr]_v1_|pscale_|shp(?:at|ca|pa|ss)_|SG\.|xkeysib-|glc_|glsa_|ntn_|pplx-|gsk_|EZ[AT]K|PMAK-|lin_api_|pnu_|rdme_|rubygems_|sntry[su]_|FLW(?:PUBK|SECK)_|ops_|AGE-SECRET-KEY-|dp\.pt\.|hv[bs]\.|dt0c01\.|sq0(?:atp|csp)-)/;

function isMalformedVendorToken(value: string): boolean {
  return VENDOR_PREFIX.test(value);
}

/** `KeyPair = X25519.KeyPair`, `x_key = struct_x_key`: the value refers to the key's own name. */
function valueRepeatsKey(value: string, key: string): boolean {
  const name = key.replace(/^.*[\s"'.]/, '');
  return name.length >= 4 && value.toLowerCase().includes(name.toLowerCase());
}

/** Keys built from ordinary words that happen to contain `key`/`token` rarely hold secrets. */
function isNonSecretKey(key: string): boolean {
  if (NEVER_SECRET_KEYS.test(key)) return true;
  if (WEAK_NON_SECRET_KEYS.test(key) && !STRONG_CREDENTIAL_WORD.test(key)) return true;
  const words = keyWords(key);
  // Only the words after the credential word qualify it: `api_key_id` is an id,
  // `id_token` is a token.
  const credentialAt = words.findIndex((w) => /access|auth|api|credential|creds|key|passw|pwd|secret|token|cl[eé]|jeton|mdp/.test(w));
  const qualifiers = credentialAt === -1 ? words : words.slice(credentialAt + 1);
  return qualifiers.some((w) => NON_SECRET_KEY_WORDS.has(w));
}

/** GENERIC_ASSIGNMENT tried at one position only (see assignments). */
const GENERIC_ASSIGNMENT_AT = new RegExp(GENERIC_ASSIGNMENT.source, 'dgiuy');

/**
 * The matches of GENERIC_ASSIGNMENT, in order. With the analyzer's keyword hits, the pattern
 * is tried only where a keyword starts: every match starts with one of this recognizer's
 * keywords (each alternative of the key group begins with one), and the case-insensitive
 * match of those letters is their lower-casing, except for "ſ" (long s, which the `i` flag
 * equates with "s"): a text holding one is searched in full. Trying the sticky pattern at
 * each keyword start after the previous match's end finds exactly what the global search
 * finds, since it finds the leftmost match and none can start elsewhere.
 */
function* assignments(input: RecognizerInput): Generator<RegExpExecArray> {
  const hits = input.keywordHits;
  if (hits === undefined || input.lowerText.includes('ſ')) {
    GENERIC_ASSIGNMENT.lastIndex = 0;
    yield* input.text.matchAll(GENERIC_ASSIGNMENT) as IterableIterator<RegExpExecArray>;
    return;
  }
  const starts = hits.map((hit) => hit.start).sort((a, b) => a - b);
  let searchFrom = 0;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    if (start < searchFrom || (i > 0 && start === starts[i - 1])) continue;
    GENERIC_ASSIGNMENT_AT.lastIndex = start;
    const match = GENERIC_ASSIGNMENT_AT.exec(input.text);
    if (match === null) continue;
    yield match;
    searchFrom = match.index + match[0].length;
  }
}

export const genericApiKeyRecognizer: Recognizer = {
  name: 'secret/generic-api-key',
  entityTypes: ['SECRET'],
  keywords: ['access', 'auth', 'api', 'credential', 'creds', 'key', 'passwd', 'password', 'pwd', 'secret', 'token', 'clé', 'clef', 'cle', 'jeton', 'mdp'],
  wantsKeywordHits: true,
  find(input: RecognizerInput) {
    const found: DetectedEntity[] = [];
    for (const match of assignments(input)) {
      const span = (match as RegExpExecArray).indices?.[1];
      if (!span) continue;
      const [start, end] = span;
      const value = input.text.slice(start, end);
      if (isPlaceholder(value) || looksLikeNonSecretValue(value)) continue;
      if (shannonEntropy(value) < 3.5) continue;
      const key = fullKey(input.text, match.index, start);
      if (isNonSecretKey(key) || valueRepeatsKey(value, key) || isMalformedVendorToken(value)) continue;
      found.push({ type: 'SECRET', subtype: 'generic-api-key', start, end, score: 0.75, text: value, recognizer: 'secret/generic-api-key' });
    }
    return found;
  },
};
