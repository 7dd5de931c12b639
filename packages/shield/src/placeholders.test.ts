import { describe, expect, it } from 'vitest';
import {
  FRENCH_LABELS,
  LABEL_TYPES,
  blockLabel,
  formatPlaceholder,
  hashLabel,
  labelFor,
  normalizeLabel,
  normalizeValue,
  redactionLabel,
} from './placeholders.ts';
import { ENTITY_TYPES } from './types.ts';

describe('labels', () => {
  it('French labels by default, type names in English', () => {
    expect(formatPlaceholder('PERSON', 1, 'fr')).toBe('<PERSONNE_1>');
    expect(formatPlaceholder('PERSON', 12, 'en')).toBe('<PERSON_12>');
    expect(labelFor('CREDIT_CARD', 'fr')).toBe('CARTE_BANCAIRE');
    expect(labelFor('SPECIAL_CATEGORY', 'fr')).toBe('DONNEE_SENSIBLE');
    expect(labelFor('EMAIL', 'fr')).toBe('EMAIL');
    expect(labelFor('IP_ADDRESS', 'en')).toBe('IP_ADDRESS');
  });

  it('redaction, block and hash labels', () => {
    expect(redactionLabel('PERSON', 'fr')).toBe('[PERSONNE]');
    expect(redactionLabel('PERSON', 'en')).toBe('[PERSON]');
    expect(blockLabel('SECRET', 'fr')).toBe('[BLOQUÉ:SECRET]');
    expect(blockLabel('SECRET', 'en')).toBe('[BLOCKED:SECRET]');
    expect(hashLabel('EMAIL', 'a1b2c3d4e5', 'fr')).toBe('<EMAIL_#a1b2c3d4e5>');
  });

  it('every label spelling is already normalised and French labels are distinct', () => {
    for (const label of LABEL_TYPES.keys()) expect(normalizeLabel(label)).toBe(label);
    expect(new Set(Object.values(FRENCH_LABELS)).size).toBe(ENTITY_TYPES.length);
  });

  it('normalizeLabel folds case, accents and separators', () => {
    expect(normalizeLabel('Téléphone')).toBe('TELEPHONE');
    expect(normalizeLabel(' adresse-ip ')).toBe('ADRESSE_IP');
    expect(normalizeLabel('Donnée  sensible')).toBe('DONNEE_SENSIBLE');
  });
});

describe('normalizeValue', () => {
  it('identifiers: separators stripped, upper-cased', () => {
    expect(normalizeValue('IBAN', 'fr76 3000-6000.0112 3456 7890 189')).toBe('FR7630006000011234567890189');
    expect(normalizeValue('PHONE', '06.12.34.56.78')).toBe(normalizeValue('PHONE', '06 12 34 56 78'));
    expect(normalizeValue('LICENSE_PLATE', 'ab-123-cd')).toBe('AB123CD');
  });

  it('emails, names and custom terms: case-folded, spaces collapsed', () => {
    expect(normalizeValue('PERSON', ' Jean   DUPONT ')).toBe('jean dupont');
    expect(normalizeValue('EMAIL', 'Jean.Dupont@Exemple.FR')).toBe('jean.dupont@exemple.fr');
    expect(normalizeValue('CUSTOM', 'Projet\nOrion')).toBe('projet orion');
  });

  it('other types: trimmed only (dots matter in an IP address)', () => {
    expect(normalizeValue('IP_ADDRESS', ' 10.1.2.3 ')).toBe('10.1.2.3');
    expect(normalizeValue('IP_ADDRESS', '101.2.3.4')).not.toBe(normalizeValue('IP_ADDRESS', '10.12.3.4'));
    expect(normalizeValue('SECRET', 'sk-AbC')).toBe('sk-AbC');
  });
});
