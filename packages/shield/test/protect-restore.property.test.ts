/**
 * Properties of the whole transformation with a small fake recognizer set: protect then
 * restore gives the original text back, and nothing detected survives in what leaves.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createShield } from '../src/shield.ts';
import { createAnalyzer } from '../src/analyzer.ts';
import { restore } from '../src/restore.ts';
import { Vault } from '../src/vault.ts';
import { FAKE_NAMES, emailRecognizer, nameRecognizer } from './fake-recognizers.ts';

const recognizers = [emailRecognizer, nameRecognizer()];
const shield = createShield({ recognizers });
const analyzer = createAnalyzer({ recognizers });

const EMAILS = ['jean.dupont@exemple.fr', 'marie@labo.eu', 'z.lefevre@mairie-lyon.fr', 'ahmed.b@societe.com'];
/** Ordinary words and characters that stress the scanner; no digits, so no placeholder forms by accident. */
const WORDS = [
  'bonjour', 'le', 'dossier', 'de', 'Madame', 'client', 'Café', 'déjà', 'naïve', 'prix', '€', '🎉', 'œuvre',
  '<', '>', '<div>', 'a<b', '<PERSONNE>', 'PERSONNE', 'EMAIL', '<EMAIL', '[PERSONNE]', '_', '#', 'Jean', 'Dupont',
];
const SEPARATORS = [' ', '  ', '\n', ', ', '. ', ' : ', '\t'];

const piece = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...FAKE_NAMES) },
  { weight: 2, arbitrary: fc.constantFrom(...EMAILS) },
);
const message = fc
  .array(fc.tuple(piece, fc.constantFrom(...SEPARATORS)), { maxLength: 40 })
  .map((parts) => parts.map(([word, separator]) => word + separator).join(''));
const conversation = fc.record({
  messages: fc.array(message, { minLength: 1, maxLength: 4 }),
  language: fc.constantFrom('fr' as const, 'en' as const),
});

/** Placeholder-shaped text a user may write, in the spellings restore tolerates. */
const LITERAL_LABELS = ['EMAIL', 'Email', 'MAIL', 'PERSONNE', 'Personne', 'PERSON', 'NOM', 'TÉLÉPHONE', 'IBAN', 'CARTE'];
const literalPlaceholder = fc
  .tuple(fc.constantFrom(...LITERAL_LABELS), fc.integer({ min: 1, max: 4 }), fc.constantFrom('_', ' ', '\\_'), fc.constantFrom('', ' '))
  .map(([label, index, separator, padding]) => `<${padding}${label}${separator}${index}${padding}>`);
const textWithLiterals = fc
  .array(
    fc.tuple(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...WORDS) },
        { weight: 3, arbitrary: literalPlaceholder },
        { weight: 2, arbitrary: fc.constantFrom(...FAKE_NAMES) },
        { weight: 2, arbitrary: fc.constantFrom(...EMAILS) },
      ),
      fc.constantFrom(...SEPARATORS),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.map(([word, separator]) => word + separator).join(''));

describe('protect → restore with placeholders written in the text', () => {
  it('restore(protect(text)) === text: literal placeholders neither collide nor get restored', () => {
    fc.assert(
      fc.property(textWithLiterals, fc.constantFrom('fr' as const, 'en' as const), (text, language) => {
        const vault = new Vault({ placeholderLanguage: language });
        const protectedText = shield.protect(text, { vault }).text;
        expect(restore(protectedText, vault)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('protect → restore', () => {
  it('restore(protect(text)) === text, message after message in one conversation', () => {
    fc.assert(
      fc.property(conversation, ({ messages, language }) => {
        const vault = new Vault({ placeholderLanguage: language });
        for (const text of messages) {
          const protectedText = shield.protect(text, { vault }).text;
          expect(restore(protectedText, vault)).toBe(text);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('no detected value survives in the pseudonymised text', () => {
    fc.assert(
      fc.property(conversation, ({ messages, language }) => {
        const vault = new Vault({ placeholderLanguage: language });
        for (const text of messages) {
          const result = shield.protect(text, { vault });
          for (const entity of result.entities) expect(result.text).not.toContain(entity.text);
          expect(analyzer.analyze(result.text)).toEqual([]);
          for (const value of [...FAKE_NAMES, ...EMAILS]) expect(result.text).not.toContain(value);
        }
      }),
      { numRuns: 300 },
    );
  });
});
