import { describe, expect, it } from 'vitest';
import { restore, scanPlaceholder } from './restore.ts';
import { Vault } from './vault.ts';
import { labelTrieFor } from './placeholders.ts';

function conversation(): Vault {
  const vault = new Vault();
  vault.placeholderFor('PERSON', 'Jean Dupont');
  vault.placeholderFor('PERSON', 'Marie Curie');
  vault.placeholderFor('EMAIL', 'jean@exemple.fr');
  vault.placeholderFor('IP_ADDRESS', '10.0.0.1');
  return vault;
}

describe('restore', () => {
  it('puts every known placeholder back, tolerant spellings included', () => {
    const vault = conversation();
    expect(restore('Bonjour <PERSONNE_1>, écrivez à <EMAIL_1>. Cc <Personne_2>.', vault)).toBe(
      'Bonjour Jean Dupont, écrivez à jean@exemple.fr. Cc Marie Curie.',
    );
    expect(restore('Dear < PERSON_1 >, see <ADRESSE IP 1> and <person2>', vault)).toBe(
      'Dear Jean Dupont, see 10.0.0.1 and Marie Curie',
    );
    expect(restore('**<PERSONNE\\_1>**', vault)).toBe('**Jean Dupont**');
  });

  it('leaves unknown placeholders, hashes, redactions and ordinary "<" as written', () => {
    const vault = conversation();
    const text = 'a < b, <PERSONNE_3>, <EMAIL_#a1b2c3d4e5>, [PERSONNE], <div>, <<PERSONNE_1>>, <PERSONNE_1';
    expect(restore(text, vault)).toBe(
      'a < b, <PERSONNE_3>, <EMAIL_#a1b2c3d4e5>, [PERSONNE], <div>, <Jean Dupont>, <PERSONNE_1',
    );
  });

  it('returns the same text when the vault is empty or there is no "<"', () => {
    const text = 'Bonjour <PERSONNE_1>';
    expect(restore(text, new Vault())).toBe(text);
    expect(restore('rien à faire', conversation())).toBe('rien à faire');
  });

  it('is the inverse of placeholderFor for every type and both languages', () => {
    const vault = new Vault();
    const english = new Vault({ placeholderLanguage: 'en' });
    const pieces: string[] = [];
    const englishPieces: string[] = [];
    const expected: string[] = [];
    for (const type of ['PERSON', 'FR_VAT', 'DATE_OF_BIRTH', 'SPECIAL_CATEGORY', 'URL_CREDENTIALS'] as const) {
      const value = `valeur ${type}`;
      pieces.push(vault.placeholderFor(type, value));
      englishPieces.push(english.placeholderFor(type, value));
      expected.push(value);
    }
    expect(restore(pieces.join(' | '), vault)).toBe(expected.join(' | '));
    expect(restore(englishPieces.join(' | '), english)).toBe(expected.join(' | '));
  });
});

describe('scanPlaceholder', () => {
  const trie = labelTrieFor(['PERSON', 'IP_ADDRESS', 'ADDRESS']);

  it('says partial only while the fragment may still become a placeholder', () => {
    for (const fragment of ['<', '< ', '<P', '<pers', '<PERSONNE', '<PERSONNE_', '<PERSONNE_1', '<PERSONNE_12 ', '<ADRESSE', '<ADRESSE_I']) {
      expect(scanPlaceholder(fragment, 0, trie).kind, fragment).toBe('partial');
    }
    for (const fragment of ['<X', '<PERSONNEL', '<EMAIL', '<PERSONNE_1x', '<PERSONNE_1234567', '<     P', '<_P', '<PERSONNE>']) {
      expect(scanPlaceholder(fragment, 0, trie).kind, fragment).toBe('none');
    }
  });

  it('reports the normalised label, the types and the number', () => {
    expect(scanPlaceholder('x <Adresse-IP_07> y', 2, trie)).toEqual({
      kind: 'match',
      end: 17,
      label: 'ADRESSE_IP',
      types: ['IP_ADDRESS'],
      index: 7,
    });
  });
});
