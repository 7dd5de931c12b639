import { describe, expect, it } from 'vitest';
import { en } from './messages-en.ts';
import { fr } from './messages-fr.ts';
import { formatMessage } from './i18n.tsx';
import { entityLabel } from './entity-labels.ts';
import { ENTITY_TYPES } from '@rempart/shield';

const parameters = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('UI dictionaries', () => {
  it('have the same keys, no empty text, and the same parameters in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const [key, french] of Object.entries(fr)) {
      const english = en[key as keyof typeof fr];
      expect(french.trim(), key).not.toBe('');
      expect(english.trim(), key).not.toBe('');
      expect(parameters(english), key).toEqual(parameters(french));
    }
  });

  it('name every entity type of the shield in both languages', () => {
    const sameInEveryLanguage = new Set(['IBAN', 'BIC']); // the acronym is the name
    for (const type of ENTITY_TYPES) {
      for (const language of ['fr', 'en'] as const) {
        const label = entityLabel(type, language);
        if (!sameInEveryLanguage.has(type)) expect(label, `${type} in ${language}`).not.toBe(type);
      }
    }
    expect(entityLabel('SPECIAL_CATEGORY:health', 'fr')).toBe('Donnée sensible (art. 9 RGPD) (health)');
  });
});

describe('formatMessage', () => {
  it('fills parameters and leaves an unknown one visible', () => {
    expect(formatMessage('Patientez {seconds} s', { seconds: 30 })).toBe('Patientez 30 s');
    expect(formatMessage('Bonjour {name}', {})).toBe('Bonjour {name}');
  });
});
