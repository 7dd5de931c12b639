/**
 * The shield's primitives for one outbound request: a text, a value read after its JSON key
 * (digits such as a SIRET are only recognisable with their key as context), and JSON
 * documents (tool arguments, JSON tool results): every key, string and number is analysed,
 * then the serialised output is analysed again as a whole, and anything still detectable is
 * recorded as residue (the request is then refused: fail closed).
 */
import { Vault, type Destination, type EntityType, type Shield } from '@rempart/shield';

export class OutboundProtector {
  readonly #shield: Pick<Shield, 'protect'>;
  readonly #vault: Vault;
  readonly #destination: Destination;
  /** Transformed entities per type (what x-rempart-protected and the audit report). */
  readonly counts = new Map<EntityType, number>();
  /** Every type found, transformed or allowed (what routing rules look at). */
  readonly typesFound = new Set<EntityType>();
  readonly blockedTypes = new Set<string>();
  /** Types still detected in a serialised JSON output after its values were shielded. */
  readonly residualTypes = new Set<string>();

  constructor(shield: Pick<Shield, 'protect'>, vault: Vault, destination: Destination) {
    this.#shield = shield;
    this.#vault = vault;
    this.#destination = destination;
  }

  /** A plain text (names, stop sequences, URLs): analysed as written. */
  text(value: string): string {
    if (value.length === 0) return value;
    const result = this.#shield.protect(value, { vault: this.#vault, destination: this.#destination });
    for (const entity of result.entities) this.typesFound.add(entity.type);
    for (const [type, count] of Object.entries(result.counts) as [EntityType, number][]) this.#count(type, count);
    if (result.blocked) for (const type of result.blockedTypes) this.blockedTypes.add(type);
    return result.text;
  }

  /**
   * A free text that may be a JSON document (message content, tool results: often
   * `json.dumps` output with `\uXXXX` escapes, which hide values from a text analysis).
   */
  content(value: string): string {
    const parsed = parseJsonContainer(value);
    return parsed === undefined ? this.text(value) : this.#serialisedJson(parsed);
  }

  /** A JSON document in a string (tool arguments); not JSON (yet): still text that leaves. */
  jsonText(value: string): string {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return this.text(value);
    }
    return this.#serialisedJson(parsed);
  }

  /**
   * Any JSON value: keys and strings analysed, numbers analysed as their JSON text (a number
   * found to be an identifier becomes its placeholder, as a string: the JSON stays valid).
   * `key` is the enclosing property's original name, read as context.
   */
  jsonValue(value: unknown, key?: string): unknown {
    if (typeof value === 'string') return this.valueAfterKey(value, key);
    if (typeof value === 'number') {
      const digits = JSON.stringify(value);
      const shielded = this.valueAfterKey(digits, key);
      return shielded === digits ? value : shielded;
    }
    if (Array.isArray(value)) return value.map((item) => this.jsonValue(item, key));
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [name, item] of Object.entries(value)) out[this.text(name)] = this.jsonValue(item, name);
      return out;
    }
    return value; // booleans and null carry nothing
  }

  /**
   * `value` analysed as it reads after `key: `; only what falls in the value is kept, so
   * the key's own entities are counted where the key itself is shielded.
   */
  valueAfterKey(value: string, key: string | undefined): string {
    if (value.length === 0) return value;
    if (key === undefined || key.length === 0) return this.text(value);
    const prefix = `${key}: `;
    const text = prefix + value;
    const result = this.#shield.protect(text, { vault: this.#vault, destination: this.#destination });
    result.entities.forEach((entity, index) => {
      if (entity.end <= prefix.length) return;
      this.typesFound.add(entity.type);
      if (result.actions[index] === 'block') this.blockedTypes.add(entity.subtype !== undefined ? `${entity.type}:${entity.subtype}` : entity.type);
    });
    let out = '';
    let copiedUpTo = prefix.length;
    for (const replacement of result.replacements) {
      if (replacement.end <= prefix.length) continue;
      out += text.slice(copiedUpTo, Math.max(replacement.start, copiedUpTo)) + replacement.replacement;
      copiedUpTo = replacement.end;
      this.#count(replacement.type, 1);
    }
    return out + text.slice(copiedUpTo);
  }

  /** Shielded and serialised; the output is analysed again as one text (safety net). */
  #serialisedJson(parsed: unknown): string {
    const serialised = JSON.stringify(this.jsonValue(parsed));
    this.verifyNothingLeft(serialised);
    return serialised;
  }

  /**
   * Analyses an output once more, with a scratch vault (nothing added to the conversation's):
   * structure can join pieces into something detectable. Found → recorded as residue.
   */
  verifyNothingLeft(output: string): void {
    if (output.length === 0) return;
    const result = this.#shield.protect(output, { vault: new Vault(), destination: this.#destination });
    for (const replacement of result.replacements) this.residualTypes.add(replacement.type);
    for (const type of result.blockedTypes) this.residualTypes.add(type);
  }

  /** Text parts/strings in message content. */
  textContent<Part extends { type: string }>(content: string | Part[]): string | Part[] {
    if (typeof content === 'string') return this.content(content);
    return content.map((part) => this.#part(part));
  }

  #part<Part extends { type: string }>(part: Part): Part {
    const loose = part as Part & { text?: string; refusal?: string; image_url?: { url: string; detail?: string } };
    if (loose.type === 'text' && typeof loose.text === 'string') return { ...part, text: this.content(loose.text) };
    if (loose.type === 'refusal' && typeof loose.refusal === 'string') return { ...part, refusal: this.text(loose.refusal) };
    if (loose.type === 'image_url' && loose.image_url) {
      const url = loose.image_url.url;
      return { ...part, image_url: { ...loose.image_url, url: url.startsWith('data:') ? url : this.text(url) } };
    }
    return part;
  }

  #count(type: EntityType, count: number): void {
    this.counts.set(type, (this.counts.get(type) ?? 0) + count);
  }
}

/** The parsed value when `text` is a JSON object or array, otherwise undefined. */
function parseJsonContainer(text: string): object | undefined {
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}
