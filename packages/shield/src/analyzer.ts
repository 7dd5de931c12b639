/**
 * The analyzer only finds: it runs the recognizers (after a one-pass keyword pre-filter),
 * then resolves overlaps deterministically. Deciding what to do is `policy.ts`'s job.
 */
import type {
  DetectedEntity,
  EntityType,
  KeywordOccurrence,
  Language,
  LanguageOption,
  Recognizer,
  RecognizerInput,
} from './types.ts';
import { KeywordIndex } from './keyword-index.ts';
import { detectLanguage } from './language.ts';

export interface AnalyzeOptions {
  language?: LanguageOption;
  /** Report only these types (others are not even run when possible). */
  entityTypes?: readonly EntityType[];
  /** Drop findings scoring below this. Default: the analyzer's `minScore`. */
  minScore?: number;
}

export interface AnalyzerOptions {
  recognizers: readonly Recognizer[];
  /** Default 0.5. */
  minScore?: number;
}

export interface Analyzer {
  analyze(text: string, options?: AnalyzeOptions): DetectedEntity[];
  readonly recognizers: readonly Recognizer[];
}

/**
 * Specificity when two findings overlap with comparable scores: validated identifiers beat
 * free-form guesses. Higher wins.
 */
const TYPE_PRIORITY: Record<EntityType, number> = {
  SECRET: 95,
  URL_CREDENTIALS: 96,
  FR_NIR: 90,
  IBAN: 90,
  CREDIT_CARD: 89,
  FR_VAT: 88,
  FR_SIRET: 87,
  FR_SIREN: 86,
  EMAIL: 85,
  BIC: 70,
  FR_ID_CARD: 72,
  PASSPORT: 72,
  LICENSE_PLATE: 70,
  IP_ADDRESS: 75,
  PHONE: 74,
  DATE_OF_BIRTH: 65,
  ADDRESS: 60,
  CUSTOM: 80,
  PERSON: 50,
  SPECIAL_CATEGORY: 45,
  CONFIDENTIAL_MARKER: 40,
  SOURCE_CODE: 10,
};

/**
 * Sort key of one finding, read once: findings come from many recognizers as objects of
 * different shapes, so reading their fields in the sort's comparator (n log n times) was
 * slow; these wrappers all have one shape.
 */
class Ranked {
  readonly validated: number;
  readonly score: number;
  readonly priority: number;
  readonly length: number;
  readonly start: number;
  readonly end: number;
  readonly recognizer: string;
  constructor(readonly entity: DetectedEntity) {
    this.validated = entity.validated ? 1 : 0;
    this.score = entity.score;
    this.priority = TYPE_PRIORITY[entity.type];
    this.start = entity.start;
    this.end = entity.end;
    this.length = entity.end - entity.start;
    this.recognizer = entity.recognizer;
  }
}

/** Sort key: who wins an overlap. Deterministic: ties fall back to position and name. */
function compareStrength(a: Ranked, b: Ranked): number {
  if (a.validated !== b.validated) return b.validated - a.validated;
  // Scores within 0.05 of each other count as equal; then specificity decides.
  if (Math.abs(a.score - b.score) > 0.05) return b.score - a.score;
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.length !== b.length) return b.length - a.length;
  if (a.start !== b.start) return a.start - b.start;
  return a.recognizer < b.recognizer ? -1 : a.recognizer > b.recognizer ? 1 : 0;
}

/**
 * Keeps the strongest findings that do not overlap. SOURCE_CODE blocks are containers: a
 * secret or identifier inside a code block is kept as well, and the block is cut around it
 * only when the policy transforms them (operators handle nested spans by keeping the inner
 * ones), so we let contained findings survive next to a SOURCE_CODE container.
 */
export function resolveOverlaps(entities: DetectedEntity[]): DetectedEntity[] {
  const containers: DetectedEntity[] = [];
  const candidates: Ranked[] = [];
  for (const e of entities) {
    if (e.type === 'SOURCE_CODE') containers.push(e);
    else candidates.push(new Ranked(e));
  }
  candidates.sort(compareStrength);
  // Kept spans never overlap, so sorted by start they are also sorted by end: a binary search
  // finds the only two neighbours a candidate could clash with (n log n, not n²).
  const kept: Ranked[] = [];
  for (const candidate of candidates) {
    let low = 0;
    let high = kept.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (kept[mid]!.start < candidate.start) low = mid + 1;
      else high = mid;
    }
    const before = kept[low - 1];
    const after = kept[low];
    if (before && before.end > candidate.start) continue;
    if (after && after.start < candidate.end) continue;
    kept.splice(low, 0, candidate);
  }
  // Overlapping code blocks: keep the longest.
  containers.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const keptContainers: DetectedEntity[] = [];
  for (const c of containers) {
    if (!keptContainers.some((k) => c.start < k.end && k.start < c.end)) keptContainers.push(c);
  }
  const result = kept.map((r) => r.entity).concat(keptContainers);
  result.sort((a, b) => a.start - b.start || b.end - a.end);
  return result;
}

export function createAnalyzer(options: AnalyzerOptions): Analyzer {
  const recognizers = options.recognizers;
  const defaultMinScore = options.minScore ?? 0.5;
  // One keyword index for every recognizer that declares keywords.
  const keywordIndex = new KeywordIndex<number>();
  const alwaysRun: number[] = [];
  recognizers.forEach((r, i) => {
    if (r.keywords && r.keywords.length > 0) {
      for (const k of r.keywords) keywordIndex.add(k.toLowerCase(), i);
    } else alwaysRun.push(i);
  });
  keywordIndex.build();
  // Recognizers that read their keywords' positions (RecognizerInput.keywordHits).
  const wantsHits = recognizers.map((r) => r.wantsKeywordHits === true && (r.keywords?.length ?? 0) > 0);
  const tracksHits = wantsHits.includes(true);
  if (tracksHits) keywordIndex.trackHits((index) => wantsHits[index]!);

  return {
    recognizers,
    analyze(text, analyzeOptions = {}) {
      if (text.length === 0) return [];
      const lowerText = text.toLowerCase();
      // toLowerCase can change length for a few code points (İ); offsets must match.
      const aligned = lowerText.length === text.length;
      const language: Language =
        !analyzeOptions.language || analyzeOptions.language === 'auto'
          ? detectLanguage(text, aligned ? lowerText : undefined)
          : analyzeOptions.language;
      const input: RecognizerInput = {
        text,
        lowerText: aligned ? lowerText : lowerSameLength(text),
        language,
        // Declared up front so filling the cache later keeps the object's shape.
        foldedLowerText: undefined,
        keywordHits: undefined,
      };
      let hitsByRecognizer: KeywordOccurrence[][] | undefined;
      const collectHit = (index: number, start: number, end: number, keyword: string) => {
        hitsByRecognizer ??= [];
        (hitsByRecognizer[index] ??= []).push({ start, end, keyword });
      };
      const triggered =
        keywordIndex.keywordCount > 0 ? keywordIndex.matchedValues(input.lowerText, tracksHits ? collectHit : undefined) : new Set<number>();
      const wanted = analyzeOptions.entityTypes ? new Set(analyzeOptions.entityTypes) : undefined;
      const minScore = analyzeOptions.minScore ?? defaultMinScore;
      const found: DetectedEntity[] = [];
      const run = (index: number) => {
        const recognizer = recognizers[index]!;
        if (recognizer.languages && !recognizer.languages.includes(language)) return;
        if (wanted && !recognizer.entityTypes.some((t) => wanted.has(t))) return;
        // Its keywords' positions, for this call only (a triggered recognizer has some).
        input.keywordHits = wantsHits[index] ? (hitsByRecognizer?.[index] ?? []) : undefined;
        const entities = recognizer.find(input);
        input.keywordHits = undefined;
        for (const entity of entities) {
          if (entity.score < minScore) continue;
          if (wanted && !wanted.has(entity.type)) continue;
          found.push(entity);
        }
      };
      for (const index of alwaysRun) run(index);
      for (const index of [...triggered].sort((a, b) => a - b)) run(index);
      return resolveOverlaps(found);
    },
  };
}

/** Lower-cases character by character, keeping offsets aligned with the original. */
function lowerSameLength(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const lowered = text[i]!.toLowerCase();
    out += lowered.length === 1 ? lowered : text[i]!;
  }
  return out;
}
