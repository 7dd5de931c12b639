/**
 * Vocabulary of the evaluation harness: datasets are lists of texts with gold spans typed in
 * the shield's taxonomy; detectors (Rempart and the peers) turn a text into typed spans.
 */
import type { EntityType } from '../../../packages/shield/src/types.ts';

export type { EntityType };

export interface Span {
  type: EntityType;
  start: number;
  end: number;
}

export interface GoldSpan extends Span {
  value: string;
}

export interface PredictedSpan extends Span {
  /** The detector's own label before mapping, kept for error analysis. */
  sourceLabel: string;
}

/**
 * A region of the text that is annotated with a label we do not score but that a detector of
 * `types` may legitimately cover (e.g. Presidio's ZIP_CODE next to an ADDRESS): predictions of
 * those types inside it count neither as hits nor as false positives.
 */
export interface DontCareSpan {
  start: number;
  end: number;
  types: readonly EntityType[];
  label: string;
}

export interface SpanCase {
  id: string;
  text: string;
  language: 'fr' | 'en';
  gold: GoldSpan[];
  dontCare?: DontCareSpan[];
  /** Restricts scoring for this case to these types (e.g. a Presidio IBAN unit case). */
  scoredTypes?: readonly EntityType[];
}

/** Span-annotated dataset, scored per type with P/R/F1. */
export interface SpanDataset {
  kind: 'spans';
  name: string;
  description: string;
  /** Types scored on this dataset; predictions of other types are ignored. */
  scoredTypes: readonly EntityType[];
  cases: SpanCase[];
  /** Notes printed in the report (label mapping, exclusions). */
  notes: string[];
}

/** Case-level secret dataset (gitleaks): does the detector fire a secret anywhere in the text? */
export interface SecretCase {
  id: string;
  text: string;
  rule: string;
  /** true: a secret for `rule` or for another rule (other_rules_matching non-empty). */
  isSecret: boolean;
  /** true when the case is "not-secret" for its rule but a real secret for another rule. */
  secretForOtherRule: boolean;
}

export interface SecretDataset {
  kind: 'secrets';
  name: string;
  description: string;
  cases: SecretCase[];
  notes: string[];
}

export type Dataset = SpanDataset | SecretDataset;

export interface Detector {
  name: string;
  /** Our types this detector can output after label mapping; it is scored on these only. */
  supportedTypes: readonly EntityType[];
  /** How spans are obtained and mapped, printed in the report. */
  description: string;
  detect(text: string, language: 'fr' | 'en'): PredictedSpan[] | Promise<PredictedSpan[]>;
}
