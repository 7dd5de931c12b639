/**
 * The per-conversation pseudonym map: value ↔ placeholder. One instance per conversation,
 * nothing global, so two conversations (or tenants) never share placeholders. Serialisable:
 * the server stores the snapshot encrypted and reads it back with `Vault.fromJSON`.
 */
import { z } from 'zod';
import type { EntityType } from './types.ts';
import { ENTITY_TYPES } from './types.ts';
import { ShieldError } from './errors.ts';
import {
  formatPlaceholder,
  LABEL_TYPES,
  LabelTrie,
  labelTrieFor,
  normalizeValue,
  type PlaceholderLanguage,
} from './placeholders.ts';
import { MAX_PLACEHOLDER_INDEX, scanPlaceholder } from './restore.ts';

export interface VaultEntry {
  placeholder: string;
  type: EntityType;
  value: string;
}

export interface VaultOptions {
  /** Language of new placeholders' labels. Default `fr` (`<PERSONNE_1>`). */
  placeholderLanguage?: PlaceholderLanguage;
}

const vaultSnapshotSchema = z
  .object({
    version: z.literal(1),
    /** Present when the vault's creator chose it; otherwise the policy's language applies. */
    placeholderLanguage: z.enum(['fr', 'en']).optional(),
    entries: z.array(
      z
        .object({
          placeholder: z.string().min(3).max(80),
          type: z.enum(ENTITY_TYPES),
          value: z.string(),
        })
        .strict(),
    ),
    /** Numbers taken by placeholder-shaped text the user wrote (`<EMAIL_1>` typed literally). */
    reserved: z
      .array(
        z
          .object({
            type: z.enum(ENTITY_TYPES),
            indices: z.array(z.number().int().positive().max(MAX_PLACEHOLDER_INDEX)),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export type VaultSnapshot = z.infer<typeof vaultSnapshotSchema>;

/** Every known label spelling, to read any placeholder given to `lookup`. */
const ALL_LABELS_TRIE = LabelTrie.build(LABEL_TYPES);

interface StoredEntry extends VaultEntry {
  /** The number in the placeholder (`<PERSONNE_3>` → 3). Numbering is per type. */
  index: number;
}

export class Vault {
  readonly placeholderLanguage: PlaceholderLanguage;
  /** Whether the language was chosen by the creator (the shield then keeps it over the policy's). */
  readonly hasExplicitLanguage: boolean;
  private readonly byPlaceholder = new Map<string, StoredEntry>();
  private readonly byNormalizedValue = new Map<string, StoredEntry>();
  /** `TYPE:index` → entries (more than one only in snapshots mixing languages). */
  private readonly byTypeAndIndex = new Map<string, StoredEntry[]>();
  private readonly lastIndexByType = new Map<EntityType, number>();
  /** Numbers of literal placeholders seen in protected text: never minted, so never restored. */
  private readonly reservedByType = new Map<EntityType, Set<number>>();
  private cachedTrie: LabelTrie | undefined;

  constructor(options: VaultOptions = {}) {
    this.hasExplicitLanguage = options.placeholderLanguage !== undefined;
    this.placeholderLanguage = options.placeholderLanguage ?? 'fr';
  }

  get size(): number {
    return this.byPlaceholder.size;
  }

  /**
   * The placeholder for this value, minted on first sight. The same (type, normalised value)
   * always gets the same placeholder in this vault. `language` overrides the vault's label
   * language for a new placeholder (the shield passes the policy's when the vault has none).
   */
  placeholderFor(type: EntityType, value: string, language?: PlaceholderLanguage): string {
    const key = valueKey(type, value);
    const known = this.byNormalizedValue.get(key);
    if (known) return known.placeholder;
    let index = (this.lastIndexByType.get(type) ?? 0) + 1;
    const reserved = this.reservedByType.get(type);
    if (reserved) while (reserved.has(index)) index++;
    const placeholder = formatPlaceholder(type, index, language ?? this.placeholderLanguage);
    this.store({ placeholder, type, value, index }, key);
    return placeholder;
  }

  /**
   * Reserves the numbers of the placeholder-shaped strings already in `text`, read as
   * tolerantly as restore reads them (any label, French or English, `<Email 1>`,
   * `<PERSON\\_2>`), for every type their label may denote. A reserved number is never
   * minted, so `Remplace <EMAIL_1> par jean@x.fr` becomes `Remplace <EMAIL_1> par <EMAIL_2>`
   * and restoring leaves the literal `<EMAIL_1>` alone. A literal equal to a placeholder
   * this vault already minted (an earlier message) keeps denoting that entry.
   */
  reserveLiteralPlaceholders(text: string): void {
    let at = text.indexOf('<');
    while (at !== -1) {
      const scan = scanPlaceholder(text, at, ALL_LABELS_TRIE);
      if (scan.kind === 'match') {
        for (const type of scan.types) this.reserve(type, scan.index);
        at = text.indexOf('<', scan.end);
      } else at = text.indexOf('<', at + 1);
    }
  }

  private reserve(type: EntityType, index: number): void {
    if (index === 0 || this.byTypeAndIndex.has(`${type}:${index}`)) return;
    const reserved = this.reservedByType.get(type);
    if (reserved) reserved.add(index);
    else this.reservedByType.set(type, new Set([index]));
  }

  /**
   * The entry behind a placeholder, tolerant of how a model may have re-spelt it. Returns
   * undefined for unknown placeholders and for spellings that could denote several entries.
   */
  lookup(placeholder: string): { type: EntityType; value: string } | undefined {
    const exact = this.byPlaceholder.get(placeholder);
    if (exact) return { type: exact.type, value: exact.value };
    const text = placeholder.trim();
    if (text.charCodeAt(0) !== 0x3c) return undefined;
    const scan = scanPlaceholder(text, 0, ALL_LABELS_TRIE);
    if (scan.kind !== 'match' || scan.end !== text.length) return undefined;
    const entry = this.resolve(scan.label, scan.types, scan.index);
    return entry ? { type: entry.type, value: entry.value } : undefined;
  }

  /**
   * Resolution of a scanned placeholder: the same label and number first; otherwise any
   * entry of the types the label may denote with that number, if there is exactly one.
   * @internal used by restore and the stream restorer.
   */
  resolve(normalizedLabel: string, types: readonly EntityType[], index: number): VaultEntry | undefined {
    const sameLabel = this.byPlaceholder.get(`<${normalizedLabel}_${index}>`);
    if (sameLabel) return sameLabel;
    let found: StoredEntry | undefined;
    for (const type of types) {
      const candidates = this.byTypeAndIndex.get(`${type}:${index}`);
      if (!candidates) continue;
      for (const candidate of candidates) {
        if (found && found !== candidate) return undefined;
        found = candidate;
      }
    }
    return found;
  }

  /**
   * Labels that may appear in text restored with this vault, as a trie for the scanner.
   * Rebuilt only when a new type enters the vault.
   * @internal
   */
  labelTrie(): LabelTrie {
    this.cachedTrie ??= labelTrieFor(this.lastIndexByType.keys());
    return this.cachedTrie;
  }

  *entries(): IterableIterator<VaultEntry> {
    for (const entry of this.byPlaceholder.values()) {
      yield { placeholder: entry.placeholder, type: entry.type, value: entry.value };
    }
  }

  toJSON(): VaultSnapshot {
    const snapshot: VaultSnapshot = { version: 1, entries: [...this.entries()] };
    if (this.hasExplicitLanguage) snapshot.placeholderLanguage = this.placeholderLanguage;
    if (this.reservedByType.size > 0) {
      snapshot.reserved = [...this.reservedByType].map(([type, indices]) => ({ type, indices: [...indices] }));
    }
    return snapshot;
  }

  /** Reads a snapshot back; anything malformed or inconsistent → ShieldError('VAULT_INVALID'). */
  static fromJSON(snapshot: unknown): Vault {
    const parsed = vaultSnapshotSchema.safeParse(snapshot);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'snapshot';
      throw new ShieldError('VAULT_INVALID', `vault snapshot: ${where}: ${issue?.message ?? 'invalid'}`);
    }
    const language = parsed.data.placeholderLanguage;
    const vault = new Vault(language ? { placeholderLanguage: language } : {});
    parsed.data.entries.forEach((entry, position) => {
      const scan = scanPlaceholder(entry.placeholder, 0, ALL_LABELS_TRIE);
      const canonical =
        scan.kind === 'match' &&
        scan.end === entry.placeholder.length &&
        scan.types.includes(entry.type) &&
        entry.placeholder === formatPlaceholder(entry.type, scan.index, labelLanguage(scan.label, entry.type));
      if (scan.kind !== 'match' || !canonical) {
        throw new ShieldError(
          'VAULT_INVALID',
          `vault snapshot: entries.${position}.placeholder is not a ${entry.type} placeholder`,
        );
      }
      if (vault.byPlaceholder.has(entry.placeholder)) {
        throw new ShieldError('VAULT_INVALID', `vault snapshot: entries.${position}.placeholder is duplicated`);
      }
      const key = valueKey(entry.type, entry.value);
      if (vault.byNormalizedValue.has(key)) {
        throw new ShieldError('VAULT_INVALID', `vault snapshot: entries.${position}.value has two placeholders`);
      }
      vault.store({ ...entry, index: scan.index }, key);
    });
    for (const { type, indices } of parsed.data.reserved ?? []) for (const index of indices) vault.reserve(type, index);
    return vault;
  }

  private store(entry: StoredEntry, key: string): void {
    this.byPlaceholder.set(entry.placeholder, entry);
    this.byNormalizedValue.set(key, entry);
    const typeAndIndex = `${entry.type}:${entry.index}`;
    const sameNumber = this.byTypeAndIndex.get(typeAndIndex);
    if (sameNumber) sameNumber.push(entry);
    else this.byTypeAndIndex.set(typeAndIndex, [entry]);
    const last = this.lastIndexByType.get(entry.type);
    if (last === undefined) this.cachedTrie = undefined;
    if (last === undefined || entry.index > last) this.lastIndexByType.set(entry.type, entry.index);
  }
}

function valueKey(type: EntityType, value: string): string {
  return `${type}\u0000${normalizeValue(type, value)}`;
}

/** Which language's label this is for `type` (French when both spell it the same). */
function labelLanguage(label: string, type: EntityType): PlaceholderLanguage {
  return label === type && formatPlaceholder(type, 1, 'fr') !== `<${type}_1>` ? 'en' : 'fr';
}
