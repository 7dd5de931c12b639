/**
 * Shared pieces for digit-based recognizers: the keyword pre-filter (no digit, no run) and a
 * lookbehind that refuses to start in the middle of a longer grouped number ("12 3456 …").
 */

/** Any digit: recognizers that need digits are skipped on texts without one. */
export const DIGIT_KEYWORDS: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Regex source: not preceded by a digit, nor by a digit and one separator. */
export const NOT_AFTER_NUMBER = '(?<!\\d[ .\\-]?)';

/** Regex source: not followed by a separator and a digit (the number would go on). */
export const NOT_BEFORE_NUMBER = '(?![ .\\-]?\\d)';
