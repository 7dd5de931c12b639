/**
 * What a rights request looks for: the person's e-mail, names and other identifiers, compared
 * without case or accents. Too-short identifiers are refused: "Li" would match half the data.
 */
import { foldForSearch } from '../../documents/text-folding.ts';

export const MIN_IDENTIFIER_LENGTH = 3;

export function normaliseForMatch(text: string): string {
  return foldForSearch(text).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Distinct usable identifiers (trimmed, at least MIN_IDENTIFIER_LENGTH characters). */
export function cleanIdentifiers(values: readonly (string | null | undefined)[]): string[] {
  const seen = new Map<string, string>();
  for (const value of values) {
    const trimmed = value?.trim();
    if (!trimmed || trimmed.length < MIN_IDENTIFIER_LENGTH) continue;
    const key = normaliseForMatch(trimmed);
    if (!seen.has(key)) seen.set(key, trimmed);
  }
  return [...seen.values()];
}

export function mentions(text: string, identifiers: readonly string[]): boolean {
  const haystack = normaliseForMatch(text);
  return identifiers.some((identifier) => haystack.includes(normaliseForMatch(identifier)));
}

/** `%…%` LIKE pattern for an identifier, with LIKE's wildcards escaped. */
export function likePattern(identifier: string): string {
  return `%${identifier.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const ERASED_MARK = '[erased]';

/** Replaces every occurrence of each identifier (case-insensitive; also its accent-folded form). */
export function redact(text: string, identifiers: readonly string[]): string {
  let result = text;
  for (const identifier of [...identifiers].sort((a, b) => b.length - a.length)) {
    for (const form of new Set([identifier, foldForSearch(identifier)])) {
      result = result.replace(new RegExp(escapeRegExp(form), 'gi'), ERASED_MARK);
    }
  }
  return result;
}
