/**
 * Putting the original values back into a model's answer. The scanner below is shared with
 * the stream restorer so both give exactly the same result on the same text, however it
 * arrives. It is tolerant of what models do to placeholders: case (`<Personne_1>`), spaces
 * (`< PERSONNE_1 >`, `<PERSONNE 1>`), accents (`<TÉLÉPHONE_1>`), Markdown escapes
 * (`<PERSONNE\_1>`), translation (`<PERSON_1>`); the vault decides whether a spelling is
 * unambiguous. Anything it cannot resolve is left exactly as written.
 */
import type { EntityType } from './types.ts';
import { labelLetter, type LabelTrie } from './placeholders.ts';
import type { Vault } from './vault.ts';

/** Bounds that keep the scan (and the stream restorer's held-back tail) short. */
const MAX_LABEL_CHARS = 48;
const MAX_DIGITS = 6;
/** Largest placeholder number the scanner reads (MAX_DIGITS digits). */
export const MAX_PLACEHOLDER_INDEX = 999_999;
const MAX_SPACES = 3;

const GREATER_THAN = 0x3e;
const SPACE = 0x20;
const UNDERSCORE = 0x5f;
const HYPHEN = 0x2d;
const BACKSLASH = 0x5c;

export type PlaceholderScan =
  | { kind: 'match'; end: number; label: string; types: readonly EntityType[]; index: number }
  /** The text ended while what follows `<` could still become a placeholder. */
  | { kind: 'partial' }
  | { kind: 'none' };

const NONE: PlaceholderScan = { kind: 'none' };
const PARTIAL: PlaceholderScan = { kind: 'partial' };

/**
 * Reads a placeholder starting at `text[at] === '<'`, following `trie` (the labels that may
 * occur). Decides from the characters read so far only, never from where the text ends,
 * except to say `partial`.
 */
export function scanPlaceholder(text: string, at: number, trie: LabelTrie): PlaceholderScan {
  const length = text.length;
  let j = at + 1;
  let spaces = 0;
  while (j < length && text.charCodeAt(j) === SPACE) {
    if (++spaces > MAX_SPACES) return NONE;
    j++;
  }
  let node: LabelTrie | undefined = trie;
  let labelChars = 0;
  let separatorPending = false;
  for (;;) {
    if (j >= length) return PARTIAL;
    const code = text.charCodeAt(j);
    const letter = labelLetter(code);
    if (letter !== 0) {
      if (separatorPending) {
        node = node.child(UNDERSCORE);
        if (!node) return NONE;
        separatorPending = false;
      }
      node = node.child(letter);
      if (!node) return NONE;
    } else if (code === UNDERSCORE || code === SPACE || code === HYPHEN || code === BACKSLASH) {
      if (labelChars === 0) return NONE;
      if (code !== BACKSLASH) separatorPending = true;
    } else break;
    if (++labelChars > MAX_LABEL_CHARS) return NONE;
    j++;
  }
  const label = node.label;
  const types = node.types;
  if (label === undefined || types === undefined) return NONE;
  let index = 0;
  let digits = 0;
  for (;;) {
    if (j >= length) return PARTIAL;
    const code = text.charCodeAt(j);
    if (code < 0x30 || code > 0x39) break;
    if (++digits > MAX_DIGITS) return NONE;
    index = index * 10 + (code - 0x30);
    j++;
  }
  if (digits === 0) return NONE;
  spaces = 0;
  for (;;) {
    if (j >= length) return PARTIAL;
    const code = text.charCodeAt(j);
    if (code === GREATER_THAN) return { kind: 'match', end: j + 1, label, types, index };
    if (code !== SPACE || ++spaces > MAX_SPACES) return NONE;
    j++;
  }
}

export interface RestoreOptions {
  /**
   * How a value is written back. Default: as is. Use `jsonStringContent` when restoring inside
   * a JSON string (tool-call arguments), so a value with quotes keeps the JSON valid.
   */
  encodeValue?: (value: string) => string;
}

/** A value as it must appear between the quotes of a JSON string. */
export function jsonStringContent(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

export interface RestoreProgress {
  /** Restored text up to `heldFrom` (or the end). */
  text: string;
  /** Where a possibly unfinished placeholder starts, or -1. */
  heldFrom: number;
}

/**
 * Restores `text`; when `holdPartial`, stops before a trailing fragment that may still become
 * a placeholder and reports where it starts.
 */
export function restoreUpTo(
  text: string,
  vault: Vault,
  holdPartial: boolean,
  encodeValue?: (value: string) => string,
): RestoreProgress {
  let at = text.indexOf('<');
  if (at === -1 || vault.size === 0) return { text, heldFrom: -1 };
  const trie = vault.labelTrie();
  let restored = '';
  let copiedUpTo = 0;
  while (at !== -1) {
    const scan = scanPlaceholder(text, at, trie);
    if (scan.kind === 'match') {
      const entry = vault.resolve(scan.label, scan.types, scan.index);
      if (entry) {
        restored += text.slice(copiedUpTo, at) + (encodeValue ? encodeValue(entry.value) : entry.value);
        copiedUpTo = scan.end;
        at = text.indexOf('<', scan.end);
        continue;
      }
    } else if (scan.kind === 'partial' && holdPartial) {
      return { text: restored + text.slice(copiedUpTo, at), heldFrom: at };
    }
    at = text.indexOf('<', at + 1);
  }
  return { text: copiedUpTo === 0 ? text : restored + text.slice(copiedUpTo), heldFrom: -1 };
}

/** Restores every placeholder of the vault found in `text`; unknown ones are left as is. */
export function restore(text: string, vault: Vault, options: RestoreOptions = {}): string {
  return restoreUpTo(text, vault, false, options.encodeValue).text;
}

