/**
 * Vault properties: a snapshot behaves exactly like the vault it came from, and a model's
 * re-spelling of a placeholder (case, spaces, accents, Markdown escape, English label)
 * resolves to the same entry.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Vault } from '../src/vault.ts';
import { ENTITY_TYPES, type EntityType } from '../src/types.ts';
import { FRENCH_LABELS } from '../src/placeholders.ts';

const entityType = fc.constantFrom(...ENTITY_TYPES);
const value = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.constantFrom('Jean Dupont', 'JEAN  DUPONT', 'FR76 3000 6000', 'fr7630006000', 'a@b.fr', 'A@B.FR', 'é€🎉'),
);
const additions = fc.array(fc.tuple(entityType, value, fc.constantFrom('fr' as const, 'en' as const)), { maxLength: 40 });

function fill(vault: Vault, items: readonly [EntityType, string, 'fr' | 'en'][]): string[] {
  return items.map(([type, text, language]) => vault.placeholderFor(type, text, language));
}

/** Accented spellings a French model might use. */
const ACCENTED: Partial<Record<string, string>> = {
  TELEPHONE: 'TÉLÉPHONE',
  DONNEE_SENSIBLE: 'DONNÉE_SENSIBLE',
  URL_SECRETE: 'URL_SECRÈTE',
};

describe('Vault properties', () => {
  it('fromJSON(toJSON()) has the same entries and goes on numbering the same way', () => {
    fc.assert(
      fc.property(additions, additions, fc.option(fc.constantFrom('fr' as const, 'en' as const), { nil: undefined }), (before, after, language) => {
        const original = new Vault(language ? { placeholderLanguage: language } : {});
        fill(original, before);
        const copy = Vault.fromJSON(JSON.parse(JSON.stringify(original)));
        expect([...copy.entries()]).toEqual([...original.entries()]);
        expect(copy.placeholderLanguage).toBe(original.placeholderLanguage);
        expect(fill(copy, after)).toEqual(fill(original, after));
      }),
      { numRuns: 300 },
    );
  });

  it('every placeholder looks up its first value, under every tolerated spelling', () => {
    fc.assert(
      fc.property(additions, (items) => {
        const vault = new Vault();
        const placeholders = fill(vault, items);
        placeholders.forEach((placeholder, i) => {
          const [type] = items[i]!;
          const expected = [...vault.entries()].find((e) => e.placeholder === placeholder);
          expect(vault.lookup(placeholder)).toEqual({ type, value: expected?.value });
          const match = /^<([A-Z_]+)_(\d+)>$/.exec(placeholder)!;
          const [, label, number] = match as unknown as [string, string, string];
          const spellings = [
            `<${label.toLowerCase()}_${number}>`,
            `< ${label}_${number} >`,
            `<${label.replaceAll('_', ' ')} ${number}>`,
            `<${label.replaceAll('_', '\\_')}\\_${number}>`,
            `<${label.charAt(0)}${label.slice(1).toLowerCase()}${number}>`,
          ];
          const accented = ACCENTED[label];
          if (accented) spellings.push(`<${accented}_${number}>`);
          // Translation is unambiguous unless the same type has this number under both labels.
          const other = label === FRENCH_LABELS[type] ? type : FRENCH_LABELS[type];
          if (!vault.lookup(`<${other}_${number}>`) || vault.lookup(`<${other}_${number}>`)?.value === expected?.value) {
            spellings.push(`<${other}_${number}>`);
          }
          for (const spelling of spellings) {
            expect(vault.lookup(spelling), spelling).toEqual({ type, value: expected?.value });
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
