/**
 * The stream restorer must not depend on how the answer is cut: any split at string
 * positions or at byte positions of the UTF-8 encoding (inside multi-byte characters, inside
 * placeholders) gives the same output, equal to restore() of the whole text.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StreamRestorer } from '../src/stream-restorer.ts';
import { restore } from '../src/restore.ts';
import { Vault } from '../src/vault.ts';

function conversationVault(): Vault {
  const vault = new Vault();
  vault.placeholderFor('PERSON', 'Jean Dupont');
  vault.placeholderFor('PERSON', 'Zoé Lefèvre');
  vault.placeholderFor('EMAIL', 'zoe@exemple.fr');
  vault.placeholderFor('IP_ADDRESS', '10.0.0.1');
  vault.placeholderFor('PHONE', '06 12 34 56 78');
  return vault;
}

const TOKENS = [
  // Known placeholders, tolerant spellings, near misses.
  '<PERSONNE_1>', '<PERSONNE_2>', '<Personne_1>', '< PERSONNE_2 >', '<PERSON_1>', '<EMAIL_1>', '<ADRESSE_IP_1>',
  '<Adresse IP 1>', '<TÉLÉPHONE_1>', '<PHONE_1>', '<PERSONNE_3>', '<PERSONNE_10>', '<EMAIL_#a1b2c3d4e5>',
  '<PERSONNE\\_1>', '<<PERSONNE_1>>',
  // Fragments and look-alikes.
  '<', '<PERS', '<PERSONNE_', '<PERSONNE_1', '< ', '<ADRESSE', '>', '<div>', 'a < b', '[PERSONNE]',
  // Multi-byte characters, next to placeholders when concatenated.
  'é', '€', '🎉', '👩‍💻', 'ü', '中文', 'œ',
  // Plain text.
  'Bonjour', ' ', '\n', 'merci', '1', '42',
];

const answer = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((tokens) => tokens.join(''));

/** Sorted distinct cut positions inside [0, length]. */
function cutsFor(length: number) {
  return fc.uniqueArray(fc.integer({ min: 0, max: length }), { maxLength: 20 }).map((cuts) => cuts.sort((a, b) => a - b));
}

/** A high surrogate at the end of a piece would be re-encoded as U+FFFD by the caller. */
function endsWithHighSurrogate(piece: string): boolean {
  const last = piece.charCodeAt(piece.length - 1);
  return last >= 0xd800 && last <= 0xdbff;
}

function streamStrings(vault: Vault, text: string, cuts: readonly number[]): string {
  const restorer = new StreamRestorer(vault);
  let output = '';
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    const piece = restorer.push(text.slice(from, cut));
    expect(endsWithHighSurrogate(piece)).toBe(false);
    output += piece;
    from = cut;
  }
  return output + restorer.end().text;
}

function streamBytes(vault: Vault, bytes: Uint8Array, cuts: readonly number[]): string {
  const restorer = new StreamRestorer(vault);
  let output = '';
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    output += restorer.push(bytes.subarray(from, cut));
    from = cut;
  }
  return output + restorer.end().text;
}

describe('StreamRestorer', () => {
  const vault = conversationVault();

  it('any split at string positions gives restore() of the whole', () => {
    fc.assert(
      fc.property(answer.chain((text) => fc.tuple(fc.constant(text), cutsFor(text.length))), ([text, cuts]) => {
        expect(streamStrings(vault, text, cuts)).toBe(restore(text, vault));
      }),
      { numRuns: 500 },
    );
  });

  it('any split at UTF-8 byte positions gives restore() of the whole', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(
        answer.chain((text) => {
          const bytes = encoder.encode(text);
          return fc.tuple(fc.constant(text), fc.constant(bytes), cutsFor(bytes.length));
        }),
        ([text, bytes, cuts]) => {
          expect(streamBytes(vault, bytes, cuts)).toBe(restore(text, vault));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('one character (or byte) at a time gives the same as one chunk', () => {
    fc.assert(
      fc.property(answer, (text) => {
        const whole = restore(text, vault);
        const everyPosition = Array.from({ length: text.length }, (_, i) => i);
        expect(streamStrings(vault, text, everyPosition)).toBe(whole);
        const bytes = new TextEncoder().encode(text);
        expect(streamBytes(vault, bytes, Array.from({ length: bytes.length }, (_, i) => i))).toBe(whole);
      }),
      { numRuns: 100 },
    );
  });
});
